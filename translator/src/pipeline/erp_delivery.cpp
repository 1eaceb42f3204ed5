#include "pipeline/inbound_steps.hpp"

#include <fmt/format.h>

#include <cctype>
#include <filesystem>
#include <set>

namespace edigate::pipeline {

namespace {

struct FolderDelivery {
  partners::DeliveryKey key;
  std::filesystem::path file;
  std::string text;
  bool resume = false;  // recorded pending by an attempt cut short
  std::string set_control, document, connector;
  std::string failed;
};

}  // namespace

std::string delivery_id(const partners::DeliveryKey& key) {
  return fmt::format("{}/{}/{}", key.interchange_index, key.set_index, key.connector);
}

Result<void> deliver_accepted(const DeliveryContext& delivery, const edi::Interchange& ic, const std::vector<MappedSet>& mapped,
                              const partners::LedgerInterchange& record, ReceivedInterchange& out) {
  PipelineContext& context = delivery.context;
  partners::Store& store = context.store;
  std::vector<FolderDelivery> folder_batch;
  {
    for (const MappedSet& m : mapped) {
      const edi::TransactionSet& set = ic.groups[m.group].sets[m.set];
      if (is_acknowledgment(set.type())) continue;
      const validate::SetReport* set_report = m.group < out.report.groups.size() && m.set < out.report.groups[m.group].sets.size()
                                                  ? &out.report.groups[m.group].sets[m.set]
                                                  : nullptr;
      if (set_report == nullptr || set_report->status == validate::AckStatus::rejected) continue;
      const partners::LedgerSet& ledger_set = record.sets[&m - mapped.data()];
      if (!m.document) {
        delivery.exception_reason = fmt::format("interchange {} set {} ({}) was accepted but could not be mapped", ic.index,
                                       ledger_set.control_number, ledger_set.set_type);
        continue;
      }
      for (const ErpConnector& connector : context.erp) {
        if (!connector.takes(m.document->model)) continue;
        const partners::DeliveryKey key{delivery.message, ic.index, static_cast<unsigned>(&m - mapped.data()), connector.name};
        std::optional<partners::DeliveryState> found_state;
        if (auto it = delivery.before.find(delivery_id(key)); it != delivery.before.end()) found_state = it->second;
        const std::optional<partners::DeliveryState>* state = &found_state;
        if (state->has_value() && (*state)->state == "delivered") continue;
        std::string first_key;
        for (const auto& [k, v] : ledger_set.keys) {
          if (first_key.empty()) first_key = v;
        }
        std::string stem = fmt::format("{}-{}-{}-{}-{}-{}", delivery.partner, m.document->model,
                                       first_key.empty() ? ledger_set.control_number : first_key, delivery.message.substr(0, 8),
                                       ic.index, key.set_index);
        for (char& c : stem) {
          if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') c = '_';
        }
        auto rendered = render_for(connector, context.maps, *m.document, stem);
        if (!rendered) {
          if (auto r = partners::record_delivery(store, key, "failed", "", rendered.error().message); !r) return std::move(r).error();
          delivery.exception_reason = fmt::format("{} for {}: {}", ledger_set.set_type, connector.name, rendered.error().message);
          continue;
        }
        if (connector.kind == "folder") {
          const std::filesystem::path erp_file = connector.path / (rendered->stem + "." + rendered->extension);
          const bool resume = state->has_value() && (*state)->state == "pending" && (*state)->target == erp_file.string();
          folder_batch.push_back({key, erp_file, std::move(rendered->text), resume, ledger_set.control_number, m.document->model,
                                  connector.name, {}});
          continue;
        }
        auto target = deliver(connector, *rendered);
        if (!target) {
          if (auto r = partners::record_delivery(store, key, "failed", "", target.error().message); !r) return std::move(r).error();
          if (target.error().code == ErrorCode::io_error) delivery.retry_reason = target.error().message;
          else delivery.exception_reason = fmt::format("{} refused {}: {}", connector.name, ledger_set.set_type, target.error().message);
          continue;
        }
        if (auto r = partners::record_delivery(store, key, "delivered", *target); !r) return std::move(r).error();
        out.delivered.push_back({ledger_set.control_number, m.document->model, connector.name, *target});
      }
    }
  }
  // Exactly once into folders the ERP consumes, for the whole interchange at a time: each file is
  // put aside complete, all are flushed together and recorded as pending with their names, then
  // published by renames and recorded as delivered. An attempt cut short finds the pending rows: a
  // file still aside is published; one no longer aside was published (the ERP may have taken it
  // already) and is not written again.
  if (!folder_batch.empty()) {
    std::set<std::filesystem::path> folders;
    bool wrote = false;
    for (auto& d : folder_batch) {
      folders.insert(d.file.parent_path());
      if (d.resume) continue;
      if (auto aside = write_aside(d.file, d.text, false); !aside) {
        d.failed = aside.error().message;
        continue;
      }
      wrote = true;
    }
    if (wrote) {
      for (const auto& folder : folders) {
        if (auto synced = sync_folder(folder); !synced) return std::move(synced).error();
      }
    }
    {
      partners::Store::Transaction unit(store);
      for (const auto& d : folder_batch) {
        if (d.resume) continue;
        auto r = d.failed.empty() ? partners::record_delivery(store, d.key, "pending", d.file.string())
                                  : partners::record_delivery(store, d.key, "failed", "", d.failed);
        if (!r) return std::move(r).error();
      }
      unit.commit();
    }
    for (auto& d : folder_batch) {
      if (!d.failed.empty() || !std::filesystem::exists(aside_path(d.file))) continue;
      if (auto moved = move_into_place(d.file, false); !moved) d.failed = moved.error().message;
    }
    // syncfs flushes a whole file system: one call per distinct folder is more than needed, but
    // folders configured on different disks are covered too.
    for (const auto& folder : folders) {
      if (auto synced = sync_folder(folder); !synced) return std::move(synced).error();
    }
    partners::Store::Transaction unit(store);
    for (const auto& d : folder_batch) {
      if (!d.failed.empty()) {
        delivery.retry_reason = d.failed;
        continue;
      }
      if (auto r = partners::record_delivery(store, d.key, "delivered", d.file.string()); !r) return std::move(r).error();
      out.delivered.push_back({d.set_control, d.document, d.connector, d.file.string()});
    }
    unit.commit();
  }
  return {};
}

}  // namespace edigate::pipeline
