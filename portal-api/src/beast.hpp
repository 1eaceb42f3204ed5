#pragma once
// The one place Boost.Asio and Boost.Beast come in (compile time: only http_server.cpp includes it).
// <utility> first: Boost 1.74's Asio uses std::exchange without including it (see toolchain notes).
#include <utility>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
