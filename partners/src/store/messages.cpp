#include <edigate/partners/messages.hpp>

#include "store/rows.hpp"
#include "store/stamps.hpp"

#include <openssl/evp.h>
#include <soci/soci.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace edigate::partners {

Result<ContentDigest> digest_file(const std::filesystem::path& file) {
  const auto fail = [&](const std::string& why) {
    Error err;
    err.code = ErrorCode::io_error;
    err.where.file = file.string();
    err.message = why;
    return err;
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) return fail(std::string("cannot open: ") + std::strerror(errno));
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return fail("SHA-256 is not available");
  ContentDigest out;
  std::vector<unsigned char> buffer(1 << 16);
  for (;;) {
    const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), in.get());
    if (n > 0) {
      EVP_DigestUpdate(ctx.get(), buffer.data(), n);
      out.size += n;
    }
    if (n < buffer.size()) {
      if (std::ferror(in.get()) != 0) return fail(std::string("cannot read: ") + std::strerror(errno));
      break;
    }
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static constexpr char hex[] = "0123456789abcdef";
  for (unsigned int i = 0; i < length; ++i) {
    out.sha256 += hex[digest[i] >> 4];
    out.sha256 += hex[digest[i] & 0xf];
  }
  return out;
}

Result<std::string> record_message(Store& store, std::int64_t partner_id, const LedgerMessage& m) {
  return guarded("recording message " + m.transport_id, [&]() -> Result<std::string> {
    soci::session& s = store.session();
    const std::string correlation = detail::new_correlation_id();
    const std::string at = m.at.empty() ? utc_now() : m.at;
    const std::string due = m.direction == "outbound" && m.mdn_requested == "async" && m.mdn_deadline_minutes > 0
                                ? utc_shift(at, m.mdn_deadline_minutes)
                                : "";
    const long long size = static_cast<long long>(m.size);
    const long long partner = partner_id;
    soci::indicator partner_known = partner_id > 0 ? soci::i_ok : soci::i_null;
    s << "INSERT INTO messages (correlation_id, partner_id, direction, transport, transport_id, size, sha256, stored_path, "
         "created_at, mdn_requested, mdn_due_at, state, source_sha256, origin, state_at) "
         "VALUES (:c, :p, :d, :t, :i, :n, :h, :f, :a, :m, :u, :st, :src, :o, :a2)",
        soci::use(correlation), soci::use(partner, partner_known), soci::use(m.direction), soci::use(m.transport),
        soci::use(m.transport_id), soci::use(size), soci::use(m.sha256), soci::use(m.stored_path), soci::use(at),
        soci::use(m.mdn_requested), soci::use(due), soci::use(m.state), soci::use(m.source_sha256), soci::use(m.origin), soci::use(at);
    return correlation;
  });
}

Result<std::optional<std::string>> message_by_transport_id(Store& store, std::string_view transport,
                                                           std::string_view direction, std::string_view transport_id) {
  return guarded("looking up a message", [&]() -> Result<std::optional<std::string>> {
    const std::string t(transport), d(direction), i(transport_id);
    std::string correlation;
    soci::session& s = store.session();
    s << "SELECT correlation_id FROM messages WHERE transport = :t AND direction = :d AND transport_id = :i ORDER BY id DESC LIMIT 1",
        soci::use(t), soci::use(d), soci::use(i), soci::into(correlation);
    if (!s.got_data()) return std::optional<std::string>();
    return std::optional<std::string>(correlation);
  });
}

Result<bool> record_mdn(Store& store, std::string_view correlation_id, const MdnReceipt& mdn) {
  return guarded("recording an MDN", [&]() -> Result<bool> {
    const std::string c(correlation_id);
    const std::string at = mdn.at.empty() ? utc_now() : mdn.at;
    soci::statement st = (store.session().prepare << "UPDATE messages SET mdn_status = :s, mdn_at = :a, mdn_mic = :m, "
                                                     "mdn_details = :d WHERE correlation_id = :c",
                          soci::use(mdn.status), soci::use(at), soci::use(mdn.mic), soci::use(mdn.details), soci::use(c));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

namespace {

constexpr const char* message_columns =
    "SELECT m.correlation_id, COALESCE(p.name, ''), m.direction, m.transport, m.transport_id, m.sha256, m.stored_path, "
    "m.created_at, m.size, m.mdn_requested, m.mdn_due_at, m.mdn_status, m.mdn_at, m.mdn_mic, m.mdn_details, m.state, "
    "m.last_error, m.next_attempt_at, m.source_sha256, m.origin, m.attempts, m.state_at "
    "FROM messages m LEFT JOIN partners p ON p.id = m.partner_id ";

MessageState message_from(const soci::row& r, const std::string& now) {
  MessageState m;
  m.correlation_id = r.get<std::string>(0);
  m.partner = r.get<std::string>(1);
  m.direction = r.get<std::string>(2);
  m.transport = r.get<std::string>(3);
  m.transport_id = r.get<std::string>(4);
  m.sha256 = r.get<std::string>(5);
  m.stored_path = r.get<std::string>(6);
  m.created_at = r.get<std::string>(7);
  m.size = static_cast<std::uint64_t>(detail::integer_at(r, 8));
  m.mdn_requested = r.get<std::string>(9);
  m.mdn_due_at = r.get<std::string>(10);
  m.mdn_status = r.get<std::string>(11);
  m.mdn_at = r.get<std::string>(12);
  m.mdn_mic = r.get<std::string>(13);
  m.mdn_details = r.get<std::string>(14);
  m.state = r.get<std::string>(15);
  m.last_error = r.get<std::string>(16);
  m.next_attempt_at = r.get<std::string>(17);
  m.source_sha256 = r.get<std::string>(18);
  m.origin = r.get<std::string>(19);
  m.attempts = static_cast<unsigned>(detail::integer_at(r, 20));
  m.state_at = r.get<std::string>(21);
  if (!m.mdn_status.empty()) m.transport_status = m.mdn_status;
  else if (m.mdn_requested.empty() || m.direction == "inbound") m.transport_status = m.direction == "inbound" ? "received" : "sent";
  else if (!m.mdn_due_at.empty() && m.mdn_due_at < now) m.transport_status = "mdn_overdue";
  else m.transport_status = "mdn_pending";
  return m;
}

}  // namespace

Result<std::optional<MessageState>> find_message(Store& store, std::string_view correlation_id, const std::string& now_text) {
  return guarded("reading a message", [&]() -> Result<std::optional<MessageState>> {
    const std::string c(correlation_id);
    const std::string now = now_text.empty() ? utc_now() : now_text;
    soci::rowset<soci::row> rows = (store.session().prepare << std::string(message_columns) + "WHERE m.correlation_id = :c", soci::use(c));
    for (const soci::row& r : rows) return std::optional<MessageState>(message_from(r, now));
    return std::optional<MessageState>();
  });
}

Result<std::vector<MessageState>> messages_in_state(Store& store, std::string_view direction, std::string_view state,
                                                    std::size_t limit, const std::string& now_text) {
  return guarded("listing messages", [&]() -> Result<std::vector<MessageState>> {
    const std::string d(direction), st(state);
    const std::string now = now_text.empty() ? utc_now() : now_text;
    soci::rowset<soci::row> rows =
        (store.session().prepare << std::string(message_columns) +
                                        "WHERE m.direction = :d AND m.state = :s AND m.next_attempt_at <= :n ORDER BY m.id LIMIT " +
                                        std::to_string(limit == 0 ? 100 : limit),
         soci::use(d), soci::use(st), soci::use(now));
    std::vector<MessageState> out;
    for (const soci::row& r : rows) out.push_back(message_from(r, now));
    return out;
  });
}

Result<void> set_message_state(Store& store, std::string_view correlation_id, std::string_view state, const std::string& error,
                               const std::string& next_attempt_at) {
  return guarded("updating a message", [&]() -> Result<void> {
    const std::string c(correlation_id), st(state);
    const int counted = error.empty() ? 0 : 1;
    const std::string now = utc_now();
    soci::statement update = (store.session().prepare << "UPDATE messages SET state = :s, last_error = :e, next_attempt_at = :n, "
                                                         "attempts = attempts + :a, state_at = :t WHERE correlation_id = :c",
                              soci::use(st), soci::use(error), soci::use(next_attempt_at), soci::use(counted), soci::use(now),
                              soci::use(c));
    update.execute(true);
    if (update.get_affected_rows() == 0) {
      Error err;
      err.code = ErrorCode::not_found;
      err.message = "no message " + c;
      return err;
    }
    return {};
  });
}

Result<std::optional<MessageState>> message_by_source(Store& store, std::int64_t partner_id, std::string_view source_sha256) {
  return guarded("looking up a message by its source", [&]() -> Result<std::optional<MessageState>> {
    const long long partner = partner_id;
    const std::string h(source_sha256);
    const std::string now = utc_now();
    soci::rowset<soci::row> rows =
        (store.session().prepare << std::string(message_columns) +
                                        "WHERE m.partner_id = :p AND m.direction = 'outbound' AND m.source_sha256 = :h ORDER BY m.id DESC LIMIT 1",
         soci::use(partner), soci::use(h));
    for (const soci::row& r : rows) return std::optional<MessageState>(message_from(r, now));
    return std::optional<MessageState>();
  });
}

Result<std::vector<MessageState>> list_messages(Store& store, const MessageFilter& f) {
  return guarded("listing messages", [&]() -> Result<std::vector<MessageState>> {
    // Only fixed fragments are joined; every value is bound.
    std::string sql = std::string(message_columns) + "WHERE 1 = 1";
    std::vector<std::string> values;
    const auto where = [&](const char* fragment, const std::string& value) {
      if (value.empty()) return;
      sql += std::string(" AND ") + fragment + std::to_string(values.size());
      values.push_back(value);
    };
    where("m.direction = :v", f.direction);
    where("m.state = :v", f.state);
    where("p.name = :v", f.partner);
    sql += " ORDER BY m.id DESC LIMIT " + std::to_string(f.limit == 0 ? 100 : f.limit);
    soci::statement st = (store.session().prepare << sql);
    for (std::size_t i = 0; i < values.size(); ++i) st.exchange(soci::use(values[i], "v" + std::to_string(i)));
    soci::row row;
    st.exchange(soci::into(row));
    st.define_and_bind();
    st.execute(false);
    const std::string now = utc_now();
    std::vector<MessageState> out;
    while (st.fetch()) out.push_back(message_from(row, now));
    return out;
  });
}

Result<std::vector<MessageState>> messages_by_origin(Store& store, std::string_view origin) {
  return guarded("listing answers to a message", [&]() -> Result<std::vector<MessageState>> {
    const std::string o(origin);
    const std::string now = utc_now();
    soci::rowset<soci::row> rows =
        (store.session().prepare << std::string(message_columns) + "WHERE m.origin = :o ORDER BY m.id", soci::use(o));
    std::vector<MessageState> out;
    for (const soci::row& r : rows) out.push_back(message_from(r, now));
    return out;
  });
}

}  // namespace edigate::partners
