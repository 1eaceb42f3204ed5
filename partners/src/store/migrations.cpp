#include "store/migrations.hpp"

namespace edigate::partners::detail {

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1,
       "partners, identities, agreements, certificates, control numbers",
       {
           R"(CREATE TABLE partners (
                id {id},
                name TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL DEFAULT 'onboarding'
                  CHECK (status IN ('onboarding', 'test', 'production', 'suspended')),
                notes TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL))",
           R"(CREATE TABLE partner_contacts (
                id {id},
                partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
                role TEXT NOT NULL DEFAULT '',
                name TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '',
                phone TEXT NOT NULL DEFAULT ''))",
           // One indexed lookup finds the partner behind an envelope: (kind, qualifier, value) is unique.
           R"(CREATE TABLE partner_identities (
                id {id},
                partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('x12_isa', 'x12_gs', 'edifact_unb', 'as2')),
                qualifier TEXT NOT NULL DEFAULT '',
                value TEXT NOT NULL,
                routing TEXT NOT NULL DEFAULT '',
                UNIQUE (kind, qualifier, value)))",
           R"(CREATE TABLE agreements (
                id {id},
                partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
                document TEXT NOT NULL,
                direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
                standard TEXT NOT NULL CHECK (standard IN ('x12', 'edifact')),
                version TEXT NOT NULL,
                guide TEXT NOT NULL DEFAULT '',
                overlay TEXT NOT NULL DEFAULT '',
                ack_kind TEXT NOT NULL DEFAULT 'none',
                ack_when TEXT NOT NULL DEFAULT 'always',
                ack_deadline_minutes INTEGER NOT NULL DEFAULT 0,
                test_indicator INTEGER NOT NULL DEFAULT 0,
                transport TEXT NOT NULL DEFAULT '',
                endpoint TEXT NOT NULL DEFAULT '',
                settings TEXT NOT NULL DEFAULT '{}',
                duplicate_window_days INTEGER NOT NULL DEFAULT 30,
                UNIQUE (partner_id, document, direction)))",
           // Private keys never live here: a certificate row holds the public PEM and, at most, the
           // path of a key file.
           R"(CREATE TABLE certificates (
                id {id},
                partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
                usage TEXT NOT NULL CHECK (usage IN ('signing', 'encryption', 'tls')),
                pem TEXT NOT NULL,
                subject TEXT NOT NULL,
                issuer TEXT NOT NULL,
                serial TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                not_before TEXT NOT NULL,
                not_after TEXT NOT NULL,
                private_key_path TEXT NOT NULL DEFAULT '',
                UNIQUE (partner_id, usage, sha256)))",
           // The last number handed out per partner, direction and kind (isa, gs, st, unb, unh);
           // wrap-around at max_value goes back to 1.
           R"(CREATE TABLE control_numbers (
                partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
                direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
                kind TEXT NOT NULL,
                last_value BIGINT NOT NULL,
                max_value BIGINT NOT NULL,
                PRIMARY KEY (partner_id, direction, kind)))",
       }},
      {2,
       "partner envelopes and map overlays",
       {
           // What a profile says about writing to the partner (identities, delimiters, version, ...),
           // as the profile's own attributes in JSON: exported back as they came in.
           R"(CREATE TABLE partner_envelopes (
                partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
                standard TEXT NOT NULL CHECK (standard IN ('x12', 'edifact', 'as2')),
                settings TEXT NOT NULL,
                PRIMARY KEY (partner_id, standard)))",
           R"(CREATE TABLE map_overlays (
                partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
                base_map TEXT NOT NULL,
                overlay_path TEXT NOT NULL,
                PRIMARY KEY (partner_id, base_map)))",
       }},
      {3,
       "acknowledgment ledger",
       {
           R"(CREATE TABLE interchanges (
                id {id},
                correlation_id TEXT NOT NULL,
                partner_id BIGINT REFERENCES partners(id) ON DELETE SET NULL,
                direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
                standard TEXT NOT NULL,
                control_number TEXT NOT NULL,
                sender TEXT NOT NULL DEFAULT '',
                receiver TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                ta1_status TEXT NOT NULL DEFAULT '',
                ta1_at TEXT NOT NULL DEFAULT '',
                duplicate_of TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX interchanges_by_control ON interchanges (partner_id, direction, control_number)",
           "CREATE INDEX interchanges_by_correlation ON interchanges (correlation_id)",
           // One row per transaction set / message. ack_* is the acknowledgment received for an
           // outbound set, or the one we sent for an inbound set; due_at empty: none expected.
           R"(CREATE TABLE transaction_sets (
                id {id},
                interchange_id BIGINT NOT NULL REFERENCES interchanges(id) ON DELETE CASCADE,
                group_control TEXT NOT NULL DEFAULT '',
                set_type TEXT NOT NULL,
                control_number TEXT NOT NULL,
                document TEXT NOT NULL DEFAULT '',
                due_at TEXT NOT NULL DEFAULT '',
                ack_kind TEXT NOT NULL DEFAULT '',
                ack_status TEXT NOT NULL DEFAULT '',
                group_status TEXT NOT NULL DEFAULT '',
                acked_at TEXT NOT NULL DEFAULT '',
                ack_details TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX transaction_sets_by_control ON transaction_sets (interchange_id, group_control, control_number)",
           "CREATE INDEX transaction_sets_waiting ON transaction_sets (ack_status, due_at)",
           R"(CREATE TABLE business_keys (
                set_id BIGINT NOT NULL REFERENCES transaction_sets(id) ON DELETE CASCADE,
                key_name TEXT NOT NULL,
                key_value TEXT NOT NULL,
                PRIMARY KEY (set_id, key_name, key_value)))",
           "CREATE INDEX business_keys_by_value ON business_keys (key_value, key_name)",
       }},
      {4,
       "acknowledgments find their sets by control number",
       {
           // Reconciliation starts from the group and set numbers an acknowledgment names.
           "CREATE INDEX transaction_sets_by_number ON transaction_sets (group_control, control_number)",
       }},
      {5,
       "transport messages with their MDNs; outstanding control numbers",
       {
           // What arrived or left on a transport (an AS2 message, an SFTP or folder file) before any
           // EDI in it was read; its correlation id is shared by the interchanges it carried.
           // transport_id is the AS2 Message-ID or the file name. The MDN is the transport's own receipt, a layer apart from TA1 and 997.
           R"(CREATE TABLE messages (
                id {id},
                correlation_id TEXT NOT NULL UNIQUE,
                partner_id BIGINT REFERENCES partners(id) ON DELETE SET NULL,
                direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
                transport TEXT NOT NULL,
                transport_id TEXT NOT NULL DEFAULT '',
                size BIGINT NOT NULL DEFAULT 0,
                sha256 TEXT NOT NULL DEFAULT '',
                stored_path TEXT NOT NULL DEFAULT '',
                created_at TEXT NOT NULL,
                mdn_requested TEXT NOT NULL DEFAULT '',
                mdn_due_at TEXT NOT NULL DEFAULT '',
                mdn_status TEXT NOT NULL DEFAULT '',
                mdn_at TEXT NOT NULL DEFAULT '',
                mdn_mic TEXT NOT NULL DEFAULT '',
                mdn_details TEXT NOT NULL DEFAULT ''))",
           "CREATE INDEX messages_by_transport_id ON messages (transport, direction, transport_id)",
           "CREATE INDEX messages_by_content ON messages (partner_id, direction, sha256)",
           "ALTER TABLE interchanges ADD COLUMN message_id BIGINT REFERENCES messages(id) ON DELETE SET NULL",
           // Every number handed out stays here until an interchange we record uses it: what is left
           // after a while is a gap (a send that failed after allocating), visible instead of silent.
           R"(CREATE TABLE control_number_allocations (
                id {id},
                partner_id BIGINT NOT NULL REFERENCES partners(id) ON DELETE CASCADE,
                direction TEXT NOT NULL,
                kind TEXT NOT NULL,
                value BIGINT NOT NULL,
                allocated_at TEXT NOT NULL))",
           "CREATE INDEX control_number_allocations_by_value ON control_number_allocations (partner_id, direction, kind, value)",
       }},
      {6,
       "the pipeline: message states, ERP deliveries",
       {
           // inbound: stored -> processed | exception; outbound: queued -> sent | exception. Rows from
           // before the pipeline were processed by the commands that recorded them.
           "ALTER TABLE messages ADD COLUMN state TEXT NOT NULL DEFAULT 'processed'",
           "ALTER TABLE messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
           "ALTER TABLE messages ADD COLUMN next_attempt_at TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE messages ADD COLUMN last_error TEXT NOT NULL DEFAULT ''",
           // Outbound: the hash of the ERP document it was made from (sending it again is a replay,
           // not a new document) and, for our acknowledgments, the inbound message they answer.
           "ALTER TABLE messages ADD COLUMN source_sha256 TEXT NOT NULL DEFAULT ''",
           "ALTER TABLE messages ADD COLUMN origin TEXT NOT NULL DEFAULT ''",
           "CREATE INDEX messages_by_state ON messages (state, next_attempt_at)",
           "CREATE INDEX messages_by_source ON messages (partner_id, direction, source_sha256)",
           "CREATE INDEX messages_by_origin ON messages (origin)",
           // One row per accepted set and ERP connector: a set reaches each ERP once, whatever restarts.
           R"(CREATE TABLE deliveries (
                id {id},
                message_id BIGINT NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                interchange_index INTEGER NOT NULL,
                set_index INTEGER NOT NULL,
                connector TEXT NOT NULL,
                target TEXT NOT NULL DEFAULT '',
                state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT '',
                updated_at TEXT NOT NULL,
                UNIQUE (message_id, interchange_index, set_index, connector)))",
       }},
      {7,
       "portal API: tokens, audited actions, acknowledgment search",
       {
           // Bearer tokens are kept as their SHA-256 only: a database dump does not let anyone in.
           R"(CREATE TABLE api_tokens (
                id {id},
                name TEXT NOT NULL DEFAULT '',
                token_sha256 TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'partner_admin', 'admin')),
                partner_id BIGINT REFERENCES partners(id) ON DELETE CASCADE,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL DEFAULT '',
                revoked_at TEXT NOT NULL DEFAULT ''))",
           // Every change made through the API, who made it, and (for actions with an Idempotency-Key)
           // the answer given, returned again when the same key comes back.
           R"(CREATE TABLE api_audit (
                id {id},
                at TEXT NOT NULL,
                token_id BIGINT,
                token_name TEXT NOT NULL DEFAULT '',
                role TEXT NOT NULL DEFAULT '',
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                idempotency_key TEXT NOT NULL DEFAULT '',
                request_id TEXT NOT NULL DEFAULT '',
                status INTEGER NOT NULL,
                response TEXT NOT NULL DEFAULT ''))",
           "CREATE UNIQUE INDEX api_audit_by_key ON api_audit (token_id, idempotency_key) WHERE idempotency_key <> ''",
           // Customer service looks sets up by any envelope number and by date.
           "CREATE INDEX interchanges_by_number ON interchanges (control_number)",
           "CREATE INDEX interchanges_by_time ON interchanges (created_at)",
           "CREATE INDEX transaction_sets_by_set_number ON transaction_sets (control_number)",
       }},
      {8,
       "when a message reached its state; sets awaiting acknowledgment newest first",
       {
           // A document's timeline shows when its message was sent (or set aside), not only that it was.
           "ALTER TABLE messages ADD COLUMN state_at TEXT NOT NULL DEFAULT ''",
           // Overdue searches walk the sets still awaiting their acknowledgment newest first and stop at
           // a full page; the index by deadline made them collect and sort every overdue set first
           // (100 ms for one partner of a million-set ledger, 10 ms this way).
           "DROP INDEX transaction_sets_waiting",
           "CREATE INDEX transaction_sets_awaiting ON transaction_sets (ack_status, id) WHERE due_at <> ''",
       }},
      {9,
       "partner revisions",
       {
           // Every change of a partner counts one revision: a change made from an old copy (another
           // node wrote in between) is refused instead of overwriting the newer one.
           "ALTER TABLE partners ADD COLUMN revision BIGINT NOT NULL DEFAULT 0",
       }},
  };
  return all;
}

std::string for_dialect(const char* sql, Dialect dialect) {
  std::string out(sql);
  const std::string id = dialect == Dialect::sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                                    : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
  for (std::size_t at = out.find("{id}"); at != std::string::npos; at = out.find("{id}", at)) {
    out.replace(at, 4, id);
  }
  return out;
}

}  // namespace edigate::partners::detail
