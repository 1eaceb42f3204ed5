#pragma once
// Where accepted inbound documents go on our side: an ERP folder (written atomically), an HTTP
// webhook (libcurl, retried with backoff), or standard output for scripting. A document is written in
// the connector's format: canonical JSON/XML or an ERP format from the map library.
#include <edigate/maps/map.hpp>
#include <edigate/result.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace edigate::pipeline {

struct ErpConnector {
  std::string name;                  // "sap", "orders-json"
  std::string format = "canonical-json";  // canonical-json, canonical-xml, idoc, d365, netsuite, csv
  std::string kind = "folder";       // folder, webhook, stdout
  std::filesystem::path path;        // folder
  std::string url;                   // webhook
  std::vector<std::string> documents;  // models it takes (order, invoice, ...); empty: all
  unsigned attempts = 5;             // webhook: tries per delivery before the error is returned
  std::chrono::milliseconds backoff{200};  // webhook: first wait; doubles per try
  std::chrono::seconds timeout{30};  // webhook: per request

  bool takes(std::string_view model) const;
};

// One document ready for a connector. `stem` names it the same way every time (the folder file name
// without extension, the webhook's Idempotency-Key), so a delivery repeated after a crash replaces
// itself instead of adding a copy.
struct ErpDocument {
  std::string stem;
  std::string extension;     // json, xml, csv
  std::string content_type;
  std::string text;
};

// The document in the connector's format.
Result<ErpDocument> render_for(const ErpConnector& connector, const maps::MapLibrary& maps, const maps::Document& document,
                               const std::string& stem);

// Delivers; an error whose code is io_error is worth retrying later (the folder or the endpoint is
// unavailable), any other is not (the endpoint refused the document).
Result<std::string> deliver(const ErpConnector& connector, const ErpDocument& document);

// Writes `text` to `file` so that readers see all of it or nothing: a temporary file in the same
// folder, fsync, rename, fsync of the folder.
Result<void> write_atomically(const std::filesystem::path& file, std::string_view text);
// The same for a copy of `from`, streamed (constant memory whatever its size).
Result<void> copy_atomically(const std::filesystem::path& from, const std::filesystem::path& file);
// Its two halves, for callers that record something in between: the complete, fsync'd temporary
// file beside `file` (aside_path), then the rename that publishes it.
// `sync` false leaves the flush to the caller (sync_folder once for many files).
std::filesystem::path aside_path(const std::filesystem::path& file);
Result<void> write_aside(const std::filesystem::path& file, std::string_view text, bool sync = true);
Result<void> move_into_place(const std::filesystem::path& file, bool sync = true);
// Everything written to the file system holding `folder` reaches the disk (syncfs): one flush for a
// batch of files instead of one per file.
Result<void> sync_folder(const std::filesystem::path& folder);

}  // namespace edigate::pipeline
