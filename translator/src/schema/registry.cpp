#include "loading.hpp"
#include "xml_tree.hpp"

#include <edigate/schema/registry.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <unistd.h>

namespace edigate::schema {

namespace fs = std::filesystem;

namespace {

// The EDIFACT service segments (UNB, UNH, UCI ...) live in edifact/service/.
const std::string service_version = "service";

const char* standard_folder(Standard standard) { return standard == Standard::x12 ? "x12" : "edifact"; }

// Names from the input become path components: letters and digits only, short.
bool safe_name(std::string_view name) {
  return !name.empty() && name.size() <= 32 &&
         std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; });
}

bool file_exists(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

Error not_found(std::string message) {
  Error e;
  e.code = ErrorCode::schema_not_found;
  e.message = std::move(message);
  return e;
}

}  // namespace

SchemaRegistry::SchemaRegistry(fs::path directory) : directory_(std::move(directory)) {}

fs::path SchemaRegistry::default_directory() {
  if (const char* env = std::getenv("EDIGATE_SCHEMAS"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "edigate" / "schemas";
    if (fs::is_directory(installed, ec)) return installed;
  }
  return EDIGATE_SCHEMA_DIR;
}

std::string SchemaRegistry::resolve_version(Standard standard, std::string_view version,
                                            std::string_view set_id) const {
  std::string v(version);
  if (standard == Standard::x12) {
    if (v.size() == 5 && v.find_first_not_of("0123456789") == std::string::npos) v += '0';  // ISA12 00401
    v = v.substr(0, 6);
  }
  for (const Alias& a : aliases_) {
    if (a.standard == standard && a.version == v && (a.set_id.empty() || a.set_id == set_id)) return a.use;
  }
  return v;
}

Result<std::shared_ptr<const Dictionary>> SchemaRegistry::dictionary(Standard standard, std::string_view version) {
  std::lock_guard lock(mutex_);
  return dictionary_locked(standard, resolve_version(standard, version, {}));
}

Result<std::shared_ptr<const Dictionary>> SchemaRegistry::dictionary_locked(Standard standard,
                                                                            const std::string& version) {
  const Key key{standard, version, {}};
  if (const auto it = dictionaries_.find(key); it != dictionaries_.end()) return it->second;
  const fs::path xsd = directory_ / "edigate-schema.xsd";
  const fs::path file = directory_ / standard_folder(standard) / version / "dictionary.xml";
  Result<std::shared_ptr<const Dictionary>> result = not_found("");
  if (!safe_name(version) || !file_exists(file)) {
    result = not_found(fmt::format("no {} dictionary for version \"{}\" under {}", to_string(standard), version,
                                   directory_.string()));
  } else {
    auto loaded = load_dictionary(file, xsd);
    if (!loaded) {
      result = std::move(loaded).error();
    } else if (standard == Standard::edifact && version != service_version) {
      // Every directory shares the one service dictionary, read once and cached like the others.
      auto service = dictionary_locked(Standard::edifact, service_version);
      if (!service) {
        result = service.error();
      } else {
        merge_service(**loaded, **service);
        result = std::shared_ptr<const Dictionary>(std::move(*loaded));
      }
    } else {
      result = std::shared_ptr<const Dictionary>(std::move(*loaded));
    }
  }
  dictionaries_.emplace(key, result);
  return result;
}

Result<void> SchemaRegistry::use_guide(const fs::path& file) {
  auto guide = load_guide(file, directory_ / "edigate-schema.xsd");
  if (!guide) return std::move(guide).error();
  std::lock_guard lock(mutex_);
  const Key key{guide->standard, guide->version, guide->transaction};
  partner_guides_[key] = std::make_shared<const Guide>(std::move(*guide));
  transactions_.clear();  // compiled sets may have had another guide applied
  return {};
}

Result<std::shared_ptr<const Transaction>> SchemaRegistry::transaction(Standard standard, std::string_view version,
                                                                       std::string_view set_id) {
  std::lock_guard lock(mutex_);
  if (!aliases_loaded_) {
    aliases_loaded_ = true;
    const fs::path index = directory_ / "index.xml";
    if (file_exists(index)) {
      auto root = detail::read_xml(index, directory_ / "edigate-schema.xsd");
      if (!root) return std::move(root).error();
      for (const auto& node : root->children) {
        aliases_.push_back({node.attribute_or("standard", "x12") == "edifact" ? Standard::edifact : Standard::x12,
                            node.attribute_or("version", ""), node.attribute_or("transaction", ""),
                            node.attribute_or("use", "")});
      }
    }
  }
  const Key key{standard, std::string(version), std::string(set_id)};
  if (const auto it = transactions_.find(key); it != transactions_.end()) return it->second;

  const std::string base = resolve_version(standard, version, set_id);
  const std::string suffix = standard == Standard::x12 && version.size() > 6 ? std::string(version.substr(6)) : "";
  Result<std::shared_ptr<const Transaction>> result = not_found("");
  auto dictionary = dictionary_locked(standard, base);
  const fs::path folder = directory_ / standard_folder(standard) / base;
  const fs::path file = folder / (std::string(set_id) + ".xml");
  const bool safe_id = safe_name(set_id) && safe_name(base);
  if (!dictionary) {
    result = dictionary.error();
  } else if (!safe_id || !file_exists(file)) {
    result = not_found(fmt::format("no definition of {} {} under {}", set_id, base, folder.string()));
  } else {
    // A partner's guide wins over a built-in guide named by the GS08 suffix.
    std::shared_ptr<const Guide> guide;
    if (const auto it = partner_guides_.find(Key{standard, base, std::string(set_id)}); it != partner_guides_.end()) {
      guide = it->second;
    } else if (safe_name(suffix)) {
      const fs::path built_in = folder / "guides" / suffix / (std::string(set_id) + ".xml");
      if (file_exists(built_in)) {
        auto loaded = load_guide(built_in, directory_ / "edigate-schema.xsd");
        if (!loaded) {
          result = std::move(loaded).error();
          transactions_.emplace(key, result);
          return result;
        }
        guide = std::make_shared<const Guide>(std::move(*loaded));
      }
    }
    auto loaded = load_transaction(file, directory_ / "edigate-schema.xsd", *dictionary, guide.get());
    if (loaded) {
      result = std::shared_ptr<const Transaction>(std::move(*loaded));
    } else {
      result = std::move(loaded).error();
    }
  }
  transactions_.emplace(key, result);
  return result;
}

}  // namespace edigate::schema
