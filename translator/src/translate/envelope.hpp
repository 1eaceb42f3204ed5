#pragma once
// Canonical documents to one interchange for a partner: the map per model, the transaction-set
// headers, the group and interchange envelopes with the partner's identities and delimiters.
#include <edigate/maps/map.hpp>
#include <edigate/translate/translate.hpp>

#include <span>
#include <string>

namespace edigate::translate {

Result<std::string> write_interchange(const maps::MapLibrary& library, const Options& options,
                                      std::span<const maps::Document> documents);

}  // namespace edigate::translate
