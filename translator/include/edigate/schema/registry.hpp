#pragma once
// Finds, loads (Xerces-C++, checked against edigate-schema.xsd) and caches schema files.
#include <edigate/result.hpp>
#include <edigate/schema/dictionary.hpp>
#include <edigate/schema/guide.hpp>
#include <edigate/schema/transaction.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace edigate::schema {

class SchemaRegistry {
 public:
  explicit SchemaRegistry(std::filesystem::path directory);

  // --schemas aside: $EDIGATE_SCHEMAS, then share/edigate/schemas beside the binary, then the
  // source tree's translator/schemas.
  static std::filesystem::path default_directory();
  const std::filesystem::path& directory() const noexcept { return directory_; }

  // `version` as the envelope says it: X12 GS08 ("004010", "005010X231A1") or ISA12 ("00401");
  // EDIFACT "D96A". A GS08 suffix names a built-in guide, applied when the registry has one.
  Result<std::shared_ptr<const Transaction>> transaction(Standard standard, std::string_view version,
                                                         std::string_view set_id);
  Result<std::shared_ptr<const Dictionary>> dictionary(Standard standard, std::string_view version);

  // A partner's guide, applied to its transaction set from now on in place of any built-in guide.
  Result<void> use_guide(const std::filesystem::path& file);

 private:
  struct Key {
    Standard standard;
    std::string version;
    std::string set_id;
    auto operator<=>(const Key&) const = default;
  };
  std::string resolve_version(Standard standard, std::string_view version, std::string_view set_id) const;
  Result<std::shared_ptr<const Dictionary>> dictionary_locked(Standard standard, const std::string& version);

  std::filesystem::path directory_;
  std::mutex mutex_;
  std::map<Key, Result<std::shared_ptr<const Dictionary>>> dictionaries_;
  std::map<Key, Result<std::shared_ptr<const Transaction>>> transactions_;
  std::map<Key, std::shared_ptr<const Guide>> partner_guides_;
  struct Alias {
    Standard standard;
    std::string version;
    std::string set_id;  // empty: every set
    std::string use;
  };
  std::vector<Alias> aliases_;
  bool aliases_loaded_ = false;
};

// Loading single files (the registry uses these; tests and tools may too).
Result<std::shared_ptr<Dictionary>> load_dictionary(const std::filesystem::path& file,
                                                    const std::filesystem::path& xsd);
Result<Guide> load_guide(const std::filesystem::path& file, const std::filesystem::path& xsd);
// Loads a transaction file against its dictionary and applies `guide` when given.
Result<std::shared_ptr<Transaction>> load_transaction(const std::filesystem::path& file,
                                                      const std::filesystem::path& xsd,
                                                      std::shared_ptr<const Dictionary> dictionary,
                                                      const Guide* guide);

}  // namespace edigate::schema
