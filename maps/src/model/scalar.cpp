#include "model/scalar.hpp"

#include <edigate/maps/decimal.hpp>

namespace edigate::maps {

namespace {

bool digits(std::string_view text) noexcept {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int number(std::string_view text) noexcept {
  int v = 0;
  for (const char c : text) v = v * 10 + (c - '0');
  return v;
}

bool leap(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

bool valid_date(std::string_view iso) noexcept {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return false;
  if (!digits(iso.substr(0, 4)) || !digits(iso.substr(5, 2)) || !digits(iso.substr(8, 2))) return false;
  const int year = number(iso.substr(0, 4));
  const int month = number(iso.substr(5, 2));
  const int day = number(iso.substr(8, 2));
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int limit = month == 2 && leap(year) ? 29 : days[month - 1];
  return day <= limit;
}

bool valid_time(std::string_view iso) noexcept {
  if (iso.size() != 5 && iso.size() != 8) return false;
  if (iso[2] != ':' || !digits(iso.substr(0, 2)) || !digits(iso.substr(3, 2))) return false;
  if (number(iso.substr(0, 2)) > 23 || number(iso.substr(3, 2)) > 59) return false;
  if (iso.size() == 8) return iso[5] == ':' && digits(iso.substr(6, 2)) && number(iso.substr(6, 2)) <= 59;
  return true;
}

bool valid_datetime(std::string_view iso) noexcept {
  return iso.size() > 11 && iso[10] == 'T' && valid_date(iso.substr(0, 10)) && valid_time(iso.substr(11));
}

bool valid_integer(std::string_view text) noexcept {
  if (!text.empty() && text[0] == '-') text.remove_prefix(1);
  return digits(text) && text.size() <= 18;
}

std::string_view scalar_hint(FieldType type) noexcept {
  switch (type) {
    case FieldType::date: return " (expected YYYY-MM-DD)";
    case FieldType::time: return " (expected HH:MM or HH:MM:SS)";
    case FieldType::datetime: return " (expected YYYY-MM-DDTHH:MM[:SS])";
    case FieldType::decimal: return " (expected an exact decimal such as 12.50)";
    case FieldType::integer: return " (expected digits)";
    case FieldType::boolean: return " (expected true or false)";
    default: return "";
  }
}

bool valid_scalar(FieldType type, std::string_view text) noexcept {
  switch (type) {
    case FieldType::string:
    case FieldType::code: return true;
    case FieldType::date: return valid_date(text);
    case FieldType::time: return valid_time(text);
    case FieldType::datetime: return valid_datetime(text);
    case FieldType::decimal: return Decimal::parse(text).has_value() && text.find('+') == std::string_view::npos;
    case FieldType::integer: return valid_integer(text);
    case FieldType::boolean: return text == "true" || text == "false";
    case FieldType::object: return false;
  }
  return false;
}

Scalar json_scalar(FieldType type) noexcept {
  switch (type) {
    case FieldType::integer: return Scalar::number;
    case FieldType::boolean: return Scalar::boolean;
    default: return Scalar::string;
  }
}

}  // namespace edigate::maps
