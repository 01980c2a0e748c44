#pragma once
// PEP 440 versions and specifier sets, with the behaviour of Python's packaging 26.1 (23's, plus the
// fixes of 24.0 and 26.1 to ==X.* with an epoch and to >V with local versions; pep440.cpp)
// (packaging.version.Version, packaging.specifiers.SpecifierSet): what parses, how it normalises,
// how it orders, what a specifier set contains. tests/pep440 checks this against packaging itself.
//
// Known differences, all outside anything pip would meet:
//  - numbers in the epoch, release, pre, post and dev parts must fit the C++ types (int for the
//    epoch, long long for the others); larger ones are reported invalid (Python has no limit);
//  - letters are ASCII only: Python's case-insensitive regex also takes a few non-ASCII letters
//    that fold to ASCII ones (the Kelvin sign, the long s, the dotless i); these are invalid here;
//  - SpecifierSet::contains(v) (prereleases unset) treats a `===` specifier whose text is not a
//    version as not naming a pre-release, where packaging may raise InvalidVersion.
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "error.h"

namespace gator::pep440 {

class Version {
 public:
  Version();  // "0"

  int epoch() const { return epoch_; }
  // At least 1 element ({0} for a default Version).
  const std::vector<long long>& release() const { return release_.empty() ? zero_release() : release_; }
  // 'a', 'b' or 'r' (rc; also c, pre, preview), and the number (0 when none was written)
  std::optional<std::pair<char, long long>> pre() const { return pre_; }
  std::optional<long long> post() const { return post_; }
  std::optional<long long> dev() const { return dev_; }
  const std::string& local() const { return local_str_; }  // "rocm7.0"; "" when none
  bool has_local() const { return !local_.empty(); }

  long long major() const { return release_.size() > 0 ? release_[0] : 0; }
  long long minor() const { return release_.size() > 1 ? release_[1] : 0; }
  long long micro() const { return release_.size() > 2 ? release_[2] : 0; }

  bool is_prerelease() const { return pre_.has_value() || dev_.has_value(); }  // pre or dev
  bool is_postrelease() const { return post_.has_value(); }
  bool is_devrelease() const { return dev_.has_value(); }

  std::string str() const;         // normalised: "1!2.0rc1.post2.dev3+rocm7.0"
  std::string public_str() const;  // str() without the local label
  std::string base_str() const;    // epoch and release only: "2.10.0", "1!2.0"

  Version public_version() const;  // this version without its local label
  Version base_version() const;    // epoch and release only

  // packaging's _cmpkey order: trailing zeros of the release ignored, X.devN < X.aN < X <
  // X.postN, no local label < any local label, alphanumeric local segments < numeric ones.
  std::strong_ordering operator<=>(const Version& other) const;
  bool operator==(const Version& other) const;
  // public_version() <=> other, without making the copy (other keeps its local label).
  std::strong_ordering compare_public(const Version& other) const;
  // base_version() == other.base_version(): the same epoch and release (trailing zeros ignored).
  bool same_base(const Version& other) const;

 private:
  friend Expected<Version> parse_version(std::string_view text);

  struct LocalSegment {
    bool numeric = false;
    std::string text;  // numeric: digits without leading zeros; otherwise lowercase
  };
  static const std::vector<long long>& zero_release();
  std::strong_ordering compare_base(const Version& other) const;  // epoch and release
  std::strong_ordering compare(const Version& other, bool with_local) const;
  static std::strong_ordering compare_local(const std::vector<LocalSegment>& a, const std::vector<LocalSegment>& b);

  int epoch_ = 0;
  std::vector<long long> release_;  // empty is 0: a default Version allocates nothing
  std::optional<std::pair<char, long long>> pre_;
  std::optional<long long> post_;
  std::optional<long long> dev_;
  std::vector<LocalSegment> local_;  // empty when there is no local label
  std::string local_str_;
};

// Accepts what packaging's Version() accepts (leading "v", surrounding whitespace, any case,
// alternative spellings and separators). Error: "Invalid version: '<text>'".
Expected<Version> parse_version(std::string_view text);

// One specifier of a set: an operator and the version text after it, as written (stripped).
class Specifier {
 public:
  enum class Op { compatible, equal, not_equal, less_equal, greater_equal, less, greater, arbitrary };

  Op op() const { return op_; }
  const std::string& op_str() const { return op_str_; }     // "~=", "==", ..., "==="
  const std::string& version_str() const { return text_; }  // "2.10.*", "v1.0A1", as written
  std::string str() const { return op_str_ + text_; }       // packaging's str(Specifier)
  // Whether this specifier alone lets pre-releases in (packaging's Specifier.prereleases).
  bool names_prerelease() const { return names_prerelease_; }
  bool contains(const Version& v, bool prereleases) const;
  // packaging's Specifier.__eq__: same operator, same canonical version ("==1.0" == "==1.0.0").
  bool operator==(const Specifier& other) const { return op_str_ == other.op_str_ && canonical_ == other.canonical_; }
  // The pair operator== compares, as a key for de-duplicating a set in one pass.
  std::pair<std::string, std::string> identity() const { return {op_str_, canonical_}; }

 private:
  friend Expected<Specifier> parse_specifier(std::string_view text);
  friend class SpecifierSet;

  bool matches(const Version& v) const;  // the operator alone, no pre-release filter
  bool equal_wildcard(const Version& v, const std::vector<std::string>& split_spec) const;

  Op op_ = Op::equal;
  std::string op_str_;
  std::string text_;                       // version text as written, stripped
  std::optional<Version> version_;         // parsed text_ (absent for a wildcard or a non-version ===)
  std::vector<std::string> split_spec_;    // == / != with .*: the split prefix
  std::vector<std::string> split_prefix_;  // ~=: the split prefix of its implied ==X.*
  std::string canonical_;                  // packaging's _canonical_spec version, for de-duplication
  bool wildcard_ = false;
  bool names_prerelease_ = false;
};

// One specifier (">=2.10", "==2.10.*", "~=7.0.1"). Error: "Invalid specifier: '<text>'".
Expected<Specifier> parse_specifier(std::string_view text);

class SpecifierSet {
 public:
  // As packaging's SpecifierSet.contains(v, prereleases=...): every specifier matches, and a
  // pre-release (or dev release) only when prereleases is true.
  bool contains(const Version& v, bool prereleases) const;
  // prereleases=None: pre-releases allowed only when some specifier names one (">=2.0rc1");
  // an empty set then admits final releases only.
  bool contains(const Version& v) const;
  std::string str() const;  // packaging's str(SpecifierSet): sorted, comma-joined, de-duplicated
  bool empty() const { return specs_.empty(); }
  const std::vector<Specifier>& specifiers() const { return specs_; }                  // in input order
  bool operator==(const SpecifierSet& other) const { return specs_ == other.specs_; }  // the same, in the same order

 private:
  friend Expected<SpecifierSet> parse_specifier_set(std::string_view text);
  std::vector<Specifier> specs_;
};

// Comma-separated specifiers; empty parts (and "") are allowed, duplicates (equal as packaging
// compares specifiers) kept once. Error: "Invalid specifier: '<the bad part, stripped>'".
Expected<SpecifierSet> parse_specifier_set(std::string_view text);

}  // namespace gator::pep440
