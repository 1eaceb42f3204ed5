#include "api/state.hpp"

namespace edigate::portal {

StorePool::Lease::~Lease() {
  if (store_ == nullptr) return;  // moved from
  std::lock_guard<std::mutex> lock(pool_->mutex_);
  pool_->free_.push_back(std::move(store_));
  pool_->returned_.notify_one();
}

Result<std::unique_ptr<StorePool>> StorePool::open(const std::string& url, std::size_t size) {
  auto pool = std::make_unique<StorePool>();
  for (std::size_t i = 0; i < std::max<std::size_t>(size, 1); ++i) {
    // The first connection applies pending migrations; the others find none.
    auto store = partners::Store::open(url);
    if (!store) return std::move(store).error();
    pool->free_.push_back(std::make_unique<partners::Store>(std::move(*store)));
  }
  return pool;
}

StorePool::Lease StorePool::acquire() {
  std::unique_lock<std::mutex> lock(mutex_);
  returned_.wait(lock, [this] { return !free_.empty(); });
  std::unique_ptr<partners::Store> store = std::move(free_.back());
  free_.pop_back();
  return Lease(*this, std::move(store));
}

}  // namespace edigate::portal
