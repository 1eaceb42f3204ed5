#include <edigate/pipeline/erp_connector.hpp>

#include <edigate/maps/canonical.hpp>

#include <curl/curl.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <thread>

namespace edigate::pipeline {

namespace {


Result<void> write_all(int fd, std::string_view text, const std::string& name) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return file_error(ErrorCode::io_error, name, std::string("cannot write: ") + std::strerror(errno));
    }
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* into) {
  auto* out = static_cast<std::string*>(into);
  // An endpoint's answer is only kept for the error message: a little is enough.
  if (out->size() < 4096) out->append(data, std::min(size * count, 4096 - out->size()));
  return size * count;
}

Result<std::string> post(const ErpConnector& c, const ErpDocument& d) {
  std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) return file_error(ErrorCode::io_error, c.url, "libcurl could not start");
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, ("Content-Type: " + d.content_type).c_str());
  headers = curl_slist_append(headers, ("Idempotency-Key: " + d.stem).c_str());
  std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(headers, &curl_slist_free_all);
  std::string answer;
  curl_easy_setopt(curl.get(), CURLOPT_URL, c.url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, d.text.data());
  curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(d.text.size()));
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(c.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &answer);
  const CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK) return file_error(ErrorCode::io_error, c.url, std::string("webhook unreachable: ") + curl_easy_strerror(rc));
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return fmt::format("{} {}", c.url, status);
  // 5xx, 408 and 429 say "later"; other answers say the document itself was refused.
  const bool later = status >= 500 || status == 408 || status == 429;
  return file_error(later ? ErrorCode::io_error : ErrorCode::invalid_envelope_value, c.url,
                 fmt::format("webhook answered HTTP {}: {}", status, answer.substr(0, 200)));
}

}  // namespace

bool ErpConnector::takes(std::string_view model) const {
  return documents.empty() || std::find(documents.begin(), documents.end(), model) != documents.end();
}

std::filesystem::path aside_path(const std::filesystem::path& file) {
  const std::filesystem::path dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  return dir / ("." + file.filename().string() + ".tmp");
}

Result<void> write_aside(const std::filesystem::path& file, std::string_view text, bool sync) {
  const std::filesystem::path temp = aside_path(file);
  std::error_code ec;
  std::filesystem::create_directories(temp.parent_path(), ec);
  if (ec) return file_error(ErrorCode::io_error, temp.parent_path().string(), "cannot create the folder: " + ec.message());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return file_error(ErrorCode::io_error, temp.string(), std::string("cannot create: ") + std::strerror(errno));
  auto written = write_all(fd, text, temp.string());
  if (written && sync && ::fsync(fd) != 0) written = file_error(ErrorCode::io_error, temp.string(), std::string("fsync: ") + std::strerror(errno));
  ::close(fd);
  if (!written) std::filesystem::remove(temp, ec);
  return written;
}

Result<void> move_into_place(const std::filesystem::path& file, bool sync) {
  const std::filesystem::path temp = aside_path(file);
  if (::rename(temp.c_str(), file.c_str()) != 0) {
    return file_error(ErrorCode::io_error, file.string(), std::string("cannot rename into place: ") + std::strerror(errno));
  }
  // The rename itself is durable only once the folder is.
  if (!sync) return {};
  const int dfd = ::open(temp.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

Result<void> sync_folder(const std::filesystem::path& folder) {
  const int dfd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return file_error(ErrorCode::io_error, folder.string(), std::string("cannot open: ") + std::strerror(errno));
  const int rc = ::syncfs(dfd);
  const int saved = errno;
  ::close(dfd);
  if (rc != 0) return file_error(ErrorCode::io_error, folder.string(), std::string("syncfs: ") + std::strerror(saved));
  return {};
}

Result<void> copy_atomically(const std::filesystem::path& from, const std::filesystem::path& file) {
  const std::filesystem::path temp = aside_path(file);
  std::error_code ec;
  std::filesystem::create_directories(temp.parent_path(), ec);
  if (ec) return file_error(ErrorCode::io_error, temp.parent_path().string(), "cannot create the folder: " + ec.message());
  std::filesystem::copy_file(from, temp, std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) return file_error(ErrorCode::io_error, from.string(), "cannot copy to " + temp.string() + ": " + ec.message());
  const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string why = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    std::filesystem::remove(temp, ec);
    return file_error(ErrorCode::io_error, temp.string(), "fsync: " + why);
  }
  ::close(fd);
  return move_into_place(file);
}

Result<void> write_atomically(const std::filesystem::path& file, std::string_view text) {
  if (auto aside = write_aside(file, text); !aside) return aside;
  return move_into_place(file);
}

Result<ErpDocument> render_for(const ErpConnector& c, const maps::MapLibrary& maps, const maps::Document& document,
                               const std::string& stem) {
  ErpDocument out;
  out.stem = stem;
  if (c.format == "canonical-json") {
    out.extension = "json";
    out.content_type = "application/json";
    out.text = maps::to_json(document);
    return out;
  }
  if (c.format == "canonical-xml") {
    out.extension = "xml";
    out.content_type = "application/xml";
    out.text = maps::to_xml(document, maps.models());
    return out;
  }
  auto map = maps.for_erp(c.format, document.model);
  if (!map) return std::move(map).error();
  auto text = maps::canonical_to_erp(**map, std::span<const maps::Document>(&document, 1));
  if (!text) return std::move(text).error();
  const maps::MapFormat format = (*map)->info().format;
  out.extension = format == maps::MapFormat::xml ? "xml" : format == maps::MapFormat::csv ? "csv" : "json";
  out.content_type = format == maps::MapFormat::xml ? "application/xml" : format == maps::MapFormat::csv ? "text/csv" : "application/json";
  out.text = std::move(*text);
  return out;
}

Result<std::string> deliver(const ErpConnector& c, const ErpDocument& d) {
  if (c.kind == "folder") {
    const std::filesystem::path file = c.path / (d.stem + "." + d.extension);
    if (auto w = write_atomically(file, d.text); !w) return std::move(w).error();
    return file.string();
  }
  if (c.kind == "stdout") {
    std::fwrite(d.text.data(), 1, d.text.size(), stdout);
    if (d.text.empty() || d.text.back() != '\n') std::fputc('\n', stdout);
    std::fflush(stdout);
    return std::string("stdout");
  }
  if (c.kind == "webhook") {
    std::chrono::milliseconds wait = c.backoff;
    Result<std::string> last = file_error(ErrorCode::io_error, c.url, "no attempt made");
    for (unsigned attempt = 0; attempt < std::max(1u, c.attempts); ++attempt) {
      if (attempt > 0) {
        std::this_thread::sleep_for(wait);
        wait *= 2;
      }
      last = post(c, d);
      if (last || last.error().code != ErrorCode::io_error) return last;
    }
    return last;
  }
  return file_error(ErrorCode::usage, c.name, "unknown connector kind \"" + c.kind + "\" (folder, webhook, stdout)");
}

}  // namespace edigate::pipeline
