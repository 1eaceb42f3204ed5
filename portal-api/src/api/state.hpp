#pragma once
// What every API handler shares: store connections, maps, schemas, the gateway's folders.
#include <edigate/maps/map.hpp>
#include <edigate/partners/store.hpp>
#include <edigate/pipeline/gateway.hpp>
#include <edigate/portal/api.hpp>
#include <edigate/schema/registry.hpp>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace edigate::portal {

// A fixed set of store connections lent to one request at a time: a SOCI session is not shared
// between threads.
class StorePool {
 public:
  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<partners::Store> store) : pool_(&pool), store_(std::move(store)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    partners::Store& operator*() const noexcept { return *store_; }
    partners::Store* operator->() const noexcept { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<partners::Store> store_;
  };

  static Result<std::unique_ptr<StorePool>> open(const std::string& url, std::size_t size);
  // Waits for a free connection.
  Lease acquire();

 private:
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<partners::Store>> free_;
};

struct PortalApi::State {
  pipeline::GatewayConfig config;
  std::unique_ptr<StorePool> stores;
  std::optional<maps::MapLibrary> maps;
  std::unique_ptr<schema::SchemaRegistry> schemas;
  // Resend, reprocess and outbound sends write files and allocate numbers: one at a time, as the
  // gateway loop does them.
  std::mutex actions;
};

using ApiState = PortalApi::State;

}  // namespace edigate::portal
