#pragma once
// guarded(): the one place where database exceptions become edigate::Error.
#include <exception>
#include <string>

namespace edigate::partners {

namespace detail {
Error store_error(std::string_view what, const std::exception& e);
}

template <class F>
auto guarded(std::string_view what, F&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const std::exception& e) {
    return detail::store_error(what, e);
  }
}

}  // namespace edigate::partners
