// PEP 440 as packaging implements it: packaging 23's parsing and ordering, with the two matching
// fixes of later releases (a prefix match with an epoch, 24.0; >V and local versions, 26.1). The
// comments name the packaging function each piece follows; where packaging has a quirk
// (string-level prefix matching for ==X.* and ~=), the quirk is kept on purpose, because pip
// behaves that way.
#include "pep440.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <system_error>

#include <fmt/format.h>

namespace gator::pep440 {
namespace {

// ---------------------------------------------------------------------------------------------
// Text helpers. Python's `\s` and str.strip() both use Unicode whitespace; the input is UTF-8.

// Length in bytes of the whitespace character at s[pos], or 0 when there is none.
size_t space_at(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 0;
  const auto c = static_cast<unsigned char>(s[pos]);
  if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20)) return 1;
  auto byte = [&](size_t i) -> unsigned { return pos + i < s.size() ? static_cast<unsigned char>(s[pos + i]) : 0u; };
  if (c == 0xc2 && (byte(1) == 0x85 || byte(1) == 0xa0)) return 2;                     // U+0085 U+00A0
  if (c == 0xe1 && byte(1) == 0x9a && byte(2) == 0x80) return 3;                       // U+1680
  if (c == 0xe2 && byte(1) == 0x80 && (byte(2) <= 0x8a && byte(2) >= 0x80)) return 3;  // U+2000..200A
  if (c == 0xe2 && byte(1) == 0x80 && (byte(2) == 0xa8 || byte(2) == 0xa9 || byte(2) == 0xaf))
    return 3;                                                     // U+2028 2029 202F
  if (c == 0xe2 && byte(1) == 0x81 && byte(2) == 0x9f) return 3;  // U+205F
  if (c == 0xe3 && byte(1) == 0x80 && byte(2) == 0x80) return 3;  // U+3000
  return 0;
}

size_t skip_space(std::string_view s, size_t pos) {
  while (size_t n = space_at(s, pos)) pos += n;
  return pos;
}

bool has_space(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i)
    if (space_at(s, i)) return true;
  return false;
}

// Python's str.strip().
std::string_view strip(std::string_view s) {
  const size_t begin = skip_space(s, 0);
  size_t end = begin;
  for (size_t i = begin; i < s.size();) {
    if (size_t n = space_at(s, i)) {
      i += n;
    } else {
      end = ++i;  // UTF-8 continuation bytes are never taken for the start of a space
    }
  }
  return s.substr(begin, end - begin);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_sep(char c) { return c == '-' || c == '_' || c == '.'; }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// Python's str.isdigit() on the ASCII strings met here.
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

bool starts_with_ci(std::string_view s, size_t pos, std::string_view word) {
  if (s.size() - std::min(pos, s.size()) < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (ascii_lower(s[pos + i]) != word[i]) return false;
  return true;
}

size_t digits_end(std::string_view s, size_t pos) {
  while (pos < s.size() && is_digit(s[pos])) ++pos;
  return pos;
}

template <class Int>
bool to_int(std::string_view digits, Int& out) {
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && end == digits.data() + digits.size();
}

std::string strip_leading_zeros(std::string_view digits) {
  const size_t nz = digits.find_first_not_of('0');
  return nz == std::string_view::npos ? std::string("0") : std::string(digits.substr(nz));
}

// ---------------------------------------------------------------------------------------------
// packaging's VERSION_PATTERN, anchored by `^\s*` and `\s*$`, matched with the same priorities as
// Python's backtracking regex engine (greedy optional parts first, alternatives in their order),
// so that an ambiguous text ("1.0a-1": a1, not a0.post1) gets the groups Python gives it.

struct Groups {
  std::string_view epoch, release;
  std::optional<std::string_view> pre_l, pre_n, post_n1, post_l, post_n2, dev_l, dev_n, local;
};

bool is_lower_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z'); }

// Whether s is one or more runs of `run` characters joined by single dots ("2.10.0", "rocm7.0").
template <class Run>
bool dotted(std::string_view s, Run run) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.' ? s[i + 1] == '.' : !run(s[i])) return false;
  }
  return true;
}

// The everyday forms, N(.N)* with an optional +label of lowercase letters and digits in dotted
// parts ("2.10.0", "2.14.0+rocm10.1.0"), which make most of what the helper parses: their groups
// without the matcher below, which takes ten times as long (docs/development.md, "Start-up cost").
// False for any other text, which the matcher then reads; where both match, they agree.
bool match_plain(std::string_view s, Groups& g) {
  const size_t plus = s.find('+');
  const std::string_view release = s.substr(0, plus);
  if (!dotted(release, is_digit)) return false;
  g = Groups{};
  g.release = release;
  if (plus == std::string_view::npos) return true;
  const std::string_view local = s.substr(plus + 1);
  if (!dotted(local, is_lower_alnum)) return false;
  g.local = local;
  return true;
}

class VersionMatcher {
 public:
  explicit VersionMatcher(std::string_view s) : s_(s) {}

  bool match(Groups& g) {
    size_t p = skip_space(s_, 0);
    if (p < s_.size() && (s_[p] == 'v' || s_[p] == 'V')) ++p;  // no digit could take the 'v'
    // Epoch: digits followed by '!'. Leaving them to the release would strand the '!'.
    if (size_t e = digits_end(s_, p); e > p && e < s_.size() && s_[e] == '!') {
      g_.epoch = s_.substr(p, e - p);
      p = e + 1;
    }
    // Release, as long as it goes: nothing after it may start with a digit or ".digit".
    const size_t start = p;
    size_t e = digits_end(s_, p);
    if (e == p) return false;
    while (e + 1 < s_.size() && s_[e] == '.' && is_digit(s_[e + 1])) e = digits_end(s_, e + 1);
    g_.release = s_.substr(start, e - start);
    if (!pre(e)) return false;
    g = g_;
    return true;
  }

 private:
  // `[-_\.]?(words)[-_\.]?([0-9]+)?`, trying each way to match in regex order and calling
  // next(end, word_text, number_text) until one succeeds. Digit runs are taken whole: a shorter
  // run would leave a digit that no later part of the pattern can start with.
  template <class Next>
  bool lettered(size_t p, const std::string_view* words, size_t n_words, Next&& next) {
    std::array<size_t, 2> starts{p, p};
    const size_t n_starts = (p < s_.size() && is_sep(s_[p])) ? 2 : 1;
    if (n_starts == 2) starts[0] = p + 1;
    for (size_t si = 0; si < n_starts; ++si) {
      const size_t q = starts[si];
      for (size_t wi = 0; wi < n_words; ++wi) {
        const std::string_view word = words[wi];
        if (!starts_with_ci(s_, q, word)) continue;
        const size_t r = q + word.size();
        std::array<size_t, 2> nums{r, r};
        const size_t n_nums = (r < s_.size() && is_sep(s_[r])) ? 2 : 1;
        if (n_nums == 2) nums[0] = r + 1;
        for (size_t ni = 0; ni < n_nums; ++ni) {
          const size_t t = nums[ni];
          const std::string_view word_text = s_.substr(q, word.size());
          if (const size_t d = digits_end(s_, t); d > t) {
            if (next(d, word_text, std::optional(s_.substr(t, d - t)))) return true;
          }
          if (next(t, word_text, std::optional<std::string_view>())) return true;
        }
      }
    }
    return false;
  }

  bool pre(size_t p) {
    static constexpr std::array<std::string_view, 8> words{"a", "b", "c", "rc", "alpha", "beta", "pre", "preview"};
    if (lettered(p, words.data(), words.size(), [&](size_t e, std::string_view l, std::optional<std::string_view> n) {
          g_.pre_l = l;
          g_.pre_n = n;
          return post(e);
        }))
      return true;
    g_.pre_l.reset();
    g_.pre_n.reset();
    return post(p);
  }

  bool post(size_t p) {
    if (p + 1 < s_.size() && s_[p] == '-' && is_digit(s_[p + 1])) {  // implicit: "1.0-1"
      const size_t e = digits_end(s_, p + 1);
      g_.post_n1 = s_.substr(p + 1, e - p - 1);
      if (dev(e)) return true;
      g_.post_n1.reset();
    }
    static constexpr std::array<std::string_view, 3> words{"post", "rev", "r"};
    if (lettered(p, words.data(), words.size(), [&](size_t e, std::string_view l, std::optional<std::string_view> n) {
          g_.post_l = l;
          g_.post_n2 = n;
          return dev(e);
        }))
      return true;
    g_.post_l.reset();
    g_.post_n2.reset();
    return dev(p);
  }

  bool dev(size_t p) {
    static constexpr std::array<std::string_view, 1> words{"dev"};
    if (lettered(p, words.data(), words.size(), [&](size_t e, std::string_view l, std::optional<std::string_view> n) {
          g_.dev_l = l;
          g_.dev_n = n;
          return local(e);
        }))
      return true;
    g_.dev_l.reset();
    g_.dev_n.reset();
    return local(p);
  }

  // `(?:\+([a-z0-9]+(?:[-_\.][a-z0-9]+)*))?` then `\s*$`: only the longest label can be followed
  // by the end, so no shorter one is tried.
  bool local(size_t p) {
    if (p + 1 < s_.size() && s_[p] == '+' && is_alnum(s_[p + 1])) {
      size_t e = p + 1;
      while (e < s_.size() && is_alnum(s_[e])) ++e;
      while (e + 1 < s_.size() && is_sep(s_[e]) && is_alnum(s_[e + 1])) {
        e += 1;
        while (e < s_.size() && is_alnum(s_[e])) ++e;
      }
      g_.local = s_.substr(p + 1, e - p - 1);
      if (at_end(e)) return true;
      g_.local.reset();
    }
    return at_end(p);
  }

  bool at_end(size_t p) const { return skip_space(s_, p) == s_.size(); }

  std::string_view s_;
  Groups g_;
};

// ---------------------------------------------------------------------------------------------
// packaging.utils.canonicalize_version and the string helpers of packaging.specifiers.

std::string canonical_string(const Version& v, bool strip_trailing_zero) {
  std::string out;
  if (v.epoch() != 0) out += fmt::format("{}!", v.epoch());
  const std::vector<long long>& release = v.release();
  auto end = release.end();
  if (strip_trailing_zero) {  // re.sub(r"(\.0)+$", "", "1.0.0") == "1"
    while (end - release.begin() > 1 && *(end - 1) == 0) --end;
  }
  out += fmt::format("{}", fmt::join(release.begin(), end, "."));
  if (auto pre = v.pre())
    out += fmt::format("{}{}", pre->first == 'r' ? "rc" : std::string(1, pre->first), pre->second);
  if (auto post = v.post()) out += fmt::format(".post{}", *post);
  if (auto dev = v.dev()) out += fmt::format(".dev{}", *dev);
  if (v.has_local()) out += "+" + v.local();
  return out;
}

// canonicalize_version(str): text that is not a version is returned as it is.
std::string canonicalize_version(std::string_view text, bool strip_trailing_zero) {
  auto v = parse_version(text);
  return v ? canonical_string(*v, strip_trailing_zero) : std::string(text);
}

// _version_split: the epoch first ("0" when there is none), then the rest split on '.', and
// "1rc2" into "1", "rc2" (case-sensitive, as packaging). The epoch item is what lets a prefix
// with an epoch be padded like one without: "2!1.0.0" is {"2", "1", "0", "0"}, so it matches
// "==2!1.0.*" (packaging 24.0; 23 kept "2!1" as one item and then refused it).
std::vector<std::string> version_split(std::string_view text) {
  const size_t bang = text.rfind('!');
  const std::string_view epoch = bang == std::string_view::npos ? std::string_view() : text.substr(0, bang);
  std::vector<std::string> out{epoch.empty() ? std::string("0") : std::string(epoch)};
  if (bang != std::string_view::npos) text.remove_prefix(bang + 1);
  size_t begin = 0;
  while (true) {
    const size_t dot = text.find('.', begin);
    const std::string_view item = text.substr(begin, dot == std::string_view::npos ? dot : dot - begin);
    // ^([0-9]+)((?:a|b|c|rc)[0-9]+)$
    const size_t d = digits_end(item, 0);
    size_t letters = 0;
    if (d > 0 && d < item.size()) {
      if (item.substr(d, 2) == "rc")
        letters = 2;
      else if (item[d] == 'a' || item[d] == 'b' || item[d] == 'c')
        letters = 1;
    }
    if (letters > 0 && all_digits(item.substr(d + letters))) {
      out.emplace_back(item.substr(0, d));
      out.emplace_back(item.substr(d));
    } else {
      out.emplace_back(item);
    }
    if (dot == std::string_view::npos) break;
    begin = dot + 1;
  }
  return out;
}

// The inverse of version_split: "epoch!release...", the epoch left out when it is "0" so that
// the text reads as it was written ("v1.0", not "0!v1.0", which is no version).
std::string version_join(const std::vector<std::string>& items) {
  if (items.empty()) return {};
  const std::string rest = fmt::format("{}", fmt::join(items.begin() + 1, items.end(), "."));
  return items.front() == "0" ? rest : fmt::format("{}!{}", items.front(), rest);
}

// _is_not_suffix
bool is_not_suffix(std::string_view segment) {
  for (std::string_view prefix : {"dev", "a", "b", "rc", "post"})
    if (segment.substr(0, prefix.size()) == prefix) return false;
  return true;
}

size_t leading_digit_items(const std::vector<std::string>& items) {
  size_t n = 0;
  while (n < items.size() && all_digits(items[n])) ++n;
  return n;
}

// _pad_version(left, right)[0]: left with "0"s after its numeric items, up to right's count.
std::vector<std::string> pad_version(const std::vector<std::string>& left, const std::vector<std::string>& right) {
  const size_t l = leading_digit_items(left), r = leading_digit_items(right);
  std::vector<std::string> out(left.begin(), left.begin() + static_cast<std::ptrdiff_t>(l));
  if (r > l) out.insert(out.end(), r - l, "0");
  out.insert(out.end(), left.begin() + static_cast<std::ptrdiff_t>(l), left.end());
  return out;
}

// The wildcard form `v?([0-9]+!)?[0-9]+(\.[0-9]+)*\.\*` of == and !=.
bool is_wildcard_version(std::string_view s) {
  size_t p = 0;
  if (p < s.size() && (s[p] == 'v' || s[p] == 'V')) ++p;
  size_t e = digits_end(s, p);
  if (e == p) return false;
  if (e < s.size() && s[e] == '!') {
    p = e + 1;
    e = digits_end(s, p);
    if (e == p) return false;
  }
  while (e + 1 < s.size() && s[e] == '.' && is_digit(s[e + 1])) e = digits_end(s, e + 1);
  return s.substr(e) == ".*";
}

struct OpName {
  std::string_view text;
  Specifier::Op op;
};
// In the order of packaging's operator regex alternatives.
constexpr std::array<OpName, 8> op_names{{
    {"~=", Specifier::Op::compatible},
    {"==", Specifier::Op::equal},
    {"!=", Specifier::Op::not_equal},
    {"<=", Specifier::Op::less_equal},
    {">=", Specifier::Op::greater_equal},
    {"<", Specifier::Op::less},
    {">", Specifier::Op::greater},
    {"===", Specifier::Op::arbitrary},
}};

}  // namespace

// -------------------------------------------------------------------------------------------------
// Version

Version::Version() = default;

const std::vector<long long>& Version::zero_release() {
  static const std::vector<long long> zero{0};
  return zero;
}

Expected<Version> parse_version(std::string_view text) {
  auto invalid = [&] { return invalid_input(fmt::format("Invalid version: '{}'", text)); };
  Groups g;
  if (!match_plain(text, g) && !VersionMatcher(text).match(g)) return invalid();

  Version v;
  if (!g.epoch.empty() && !to_int(g.epoch, v.epoch_)) return invalid();
  v.release_.reserve(static_cast<std::size_t>(std::count(g.release.begin(), g.release.end(), '.')) + 1);
  for (size_t begin = 0;;) {
    const size_t dot = g.release.find('.', begin);
    long long n = 0;
    if (!to_int(g.release.substr(begin, dot == std::string_view::npos ? dot : dot - begin), n)) return invalid();
    v.release_.push_back(n);
    if (dot == std::string_view::npos) break;
    begin = dot + 1;
  }
  // _parse_letter_version: an absent number is 0.
  auto number = [](std::optional<std::string_view> digits, long long& out) {
    out = 0;
    return !digits || to_int(*digits, out);
  };
  if (g.pre_l) {
    const std::string l = lower(*g.pre_l);
    const char letter = (l == "a" || l == "alpha") ? 'a' : (l == "b" || l == "beta") ? 'b' : 'r';
    long long n = 0;
    if (!number(g.pre_n, n)) return invalid();
    v.pre_ = std::pair{letter, n};
  }
  if (g.post_l || g.post_n1) {
    long long n = 0;
    if (!number(g.post_l ? g.post_n2 : g.post_n1, n)) return invalid();
    v.post_ = n;
  }
  if (g.dev_l) {
    long long n = 0;
    if (!number(g.dev_n, n)) return invalid();
    v.dev_ = n;
  }
  if (g.local) {
    // _parse_local_version: split on [-_.]; digits are numbers, the rest lowercase text.
    size_t begin = 0;
    const std::string_view local = *g.local;
    for (size_t i = 0; i <= local.size(); ++i) {
      if (i == local.size() || is_sep(local[i])) {
        const std::string_view part = local.substr(begin, i - begin);
        Version::LocalSegment seg;
        seg.numeric = all_digits(part);
        seg.text = seg.numeric ? strip_leading_zeros(part) : lower(part);
        if (!v.local_str_.empty()) v.local_str_ += '.';
        v.local_str_ += seg.text;
        v.local_.push_back(std::move(seg));
        begin = i + 1;
      }
    }
  }
  return v;
}

std::string Version::str() const { return canonical_string(*this, false); }

std::string Version::public_str() const { return public_version().str(); }

std::string Version::base_str() const { return base_version().str(); }

Version Version::public_version() const {
  Version v = *this;
  v.local_.clear();
  v.local_str_.clear();
  return v;
}

Version Version::base_version() const {
  Version v;
  v.epoch_ = epoch_;
  v.release_ = release_;
  return v;
}

// _cmpkey's local part: alphanumeric < numeric; numbers by value, text by code point; a label
// that is a prefix of another sorts first.
std::strong_ordering Version::compare_local(const std::vector<LocalSegment>& a, const std::vector<LocalSegment>& b) {
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const LocalSegment &x = a[i], &y = b[i];
    if (x.numeric != y.numeric) return x.numeric ? std::strong_ordering::greater : std::strong_ordering::less;
    if (x.numeric && x.text.size() != y.text.size()) return x.text.size() <=> y.text.size();
    if (const int c = x.text.compare(y.text); c != 0) return c <=> 0;
  }
  return a.size() <=> b.size();
}

std::strong_ordering Version::compare_base(const Version& o) const {
  if (auto c = epoch_ <=> o.epoch_; c != 0) return c;

  auto significant = [](const std::vector<long long>& r) {
    size_t n = r.size();
    while (n > 0 && r[n - 1] == 0) --n;  // 1.0 == 1.0.0 == 1
    return n;
  };
  const size_t n = significant(release_), m = significant(o.release_);
  return std::lexicographical_compare_three_way(release_.begin(), release_.begin() + static_cast<std::ptrdiff_t>(n),
                                                o.release_.begin(),
                                                o.release_.begin() + static_cast<std::ptrdiff_t>(m));
}

std::strong_ordering Version::compare(const Version& o, bool with_local) const {
  if (auto c = compare_base(o); c != 0) return c;
  // Pre: -inf for a dev release with no pre and no post (1.0.dev0 < 1.0a0), +inf for none.
  auto pre_rank = [](const Version& v) {
    if (!v.pre_ && !v.post_ && v.dev_) return 0;
    return v.pre_ ? 1 : 2;
  };
  if (auto c = pre_rank(*this) <=> pre_rank(o); c != 0) return c;
  if (pre_ && o.pre_) {
    if (auto c = *pre_ <=> *o.pre_; c != 0) return c;  // 'a' < 'b' < 'r', as "a" < "b" < "rc"
  }
  // Post: none sorts first. Dev: none sorts last.
  if (auto c = post_.has_value() <=> o.post_.has_value(); c != 0) return c;
  if (post_) {
    if (auto c = *post_ <=> *o.post_; c != 0) return c;
  }
  if (auto c = o.dev_.has_value() <=> dev_.has_value(); c != 0) return c;
  if (dev_) {
    if (auto c = *dev_ <=> *o.dev_; c != 0) return c;
  }
  // Local: none sorts first.
  const bool own_local = with_local && !local_.empty();
  if (auto c = own_local <=> !o.local_.empty(); c != 0) return c;
  return own_local ? compare_local(local_, o.local_) : std::strong_ordering::equal;
}

std::strong_ordering Version::operator<=>(const Version& o) const { return compare(o, true); }
std::strong_ordering Version::compare_public(const Version& o) const { return compare(o, false); }
bool Version::same_base(const Version& o) const { return compare_base(o) == 0; }

bool Version::operator==(const Version& o) const { return (*this <=> o) == 0; }

// -------------------------------------------------------------------------------------------------
// Specifier (packaging.specifiers.Specifier)

Expected<Specifier> parse_specifier(std::string_view text) {
  const std::string_view s = strip(text);
  for (const OpName& name : op_names) {
    if (s.substr(0, name.text.size()) != name.text) continue;
    // `\s*` between operator and version; the text is stripped, so a version (which cannot hold
    // a space) is the whole of it.
    const std::string_view ver = strip(s.substr(name.text.size()));
    Specifier spec;
    spec.op_ = name.op;
    spec.op_str_ = std::string(name.text);
    spec.text_ = std::string(ver);

    bool valid = false;
    switch (name.op) {
      case Specifier::Op::arbitrary:  // `[^\s;)]*`: anything, even nothing
        valid = !has_space(ver) && ver.find_first_of(";)") == std::string_view::npos;
        break;
      case Specifier::Op::equal:
      case Specifier::Op::not_equal:
        if (is_wildcard_version(ver)) {
          spec.wildcard_ = true;
          valid = parse_version(ver.substr(0, ver.size() - 2)).has_value();
        } else if (auto v = parse_version(ver)) {
          spec.version_ = *v;
          valid = true;
        }
        break;
      case Specifier::Op::compatible: {  // at least two release numbers, no local label
        auto v = parse_version(ver);
        valid = v && !v->has_local() && v->release().size() >= 2;
        if (valid) spec.version_ = *v;
        break;
      }
      default: {  // no local label, no wildcard
        auto v = parse_version(ver);
        valid = v && !v->has_local();
        if (valid) spec.version_ = *v;
        break;
      }
    }
    if (!valid) continue;  // a later operator may still match ("===" after "==")

    if (name.op == Specifier::Op::arbitrary) {
      if (auto v = parse_version(ver))
        spec.version_ = *v;
      else
        spec.version_.reset();
    }
    if (spec.wildcard_) {
      spec.version_.reset();
      // _compare_equal: the prefix, canonical but with its zeros kept, split.
      spec.split_spec_ = version_split(canonicalize_version(ver.substr(0, ver.size() - 2), false));
    }
    if (name.op == Specifier::Op::compatible) {
      // _compare_compatible: ~=X.Y.Z is >=X.Y.Z plus ==X.Y.*, the prefix cut from the text as
      // written (so "~=1.1.POST1" and "~=1.1.post1" differ, as in packaging).
      std::vector<std::string> items;
      for (auto& item : version_split(ver)) {
        if (!is_not_suffix(item)) break;
        items.push_back(std::move(item));
      }
      if (!items.empty()) items.pop_back();
      spec.split_prefix_ = version_split(canonicalize_version(version_join(items), false));
    }
    spec.canonical_ = canonicalize_version(ver, name.op != Specifier::Op::compatible);
    // Specifier.prereleases: an inclusive operator whose version is a pre-release.
    switch (name.op) {
      case Specifier::Op::equal:
      case Specifier::Op::greater_equal:
      case Specifier::Op::less_equal:
      case Specifier::Op::compatible:
      case Specifier::Op::arbitrary:
        spec.names_prerelease_ = spec.version_ && spec.version_->is_prerelease();
        break;
      default:
        break;
    }
    return spec;
  }
  return invalid_input(fmt::format("Invalid specifier: '{}'", text));
}

bool Specifier::equal_wildcard(const Version& v, const std::vector<std::string>& split_spec) const {
  const auto prospective = version_split(canonical_string(v.public_version(), true));
  auto padded = pad_version(prospective, split_spec);
  if (padded.size() > split_spec.size()) padded.resize(split_spec.size());
  return padded == split_spec;
}

bool Specifier::matches(const Version& v) const {
  switch (op_) {
    case Op::compatible:
      return v.compare_public(*version_) >= 0 && equal_wildcard(v, split_prefix_);
    case Op::equal:
    case Op::not_equal: {
      bool equal;
      if (wildcard_) {
        equal = equal_wildcard(v, split_spec_);  // the local label is ignored
      } else {
        // A specifier without a local label ignores the version's.
        equal = version_->has_local() ? v == *version_ : v.compare_public(*version_) == 0;
      }
      return (op_ == Op::equal) == equal;
    }
    case Op::less_equal:
      return v.compare_public(*version_) <= 0;
    case Op::greater_equal:
      return v.compare_public(*version_) >= 0;
    case Op::less:
      // <V excludes V's own pre-releases unless V is one: <3.1 does not take 3.1.dev0.
      if (!(v < *version_)) return false;
      return version_->is_prerelease() || !v.is_prerelease() || !v.same_base(*version_);
    case Op::greater:
      // >V excludes V's post-releases (unless V is one) and V's own local versions: those whose
      // public version is V. A local version of anything else above V is in, even with V's base
      // release: 1.0+local is in >1.0.dev1, 1.0a2+local in >1.0a1 (packaging 26.1; before it,
      // any local version sharing V's base release was refused).
      if (!(v > *version_)) return false;
      if (!version_->is_postrelease() && v.is_postrelease() && v.same_base(*version_)) return false;
      return !(v.has_local() && v.compare_public(*version_) == 0);
    case Op::arbitrary:
      return lower(v.str()) == lower(text_);
  }
  return false;
}

bool Specifier::contains(const Version& v, bool prereleases) const {
  if (v.is_prerelease() && !prereleases) return false;
  return matches(v);
}

// -------------------------------------------------------------------------------------------------
// SpecifierSet (packaging.specifiers.SpecifierSet)

Expected<SpecifierSet> parse_specifier_set(std::string_view text) {
  SpecifierSet set;
  std::set<std::pair<std::string, std::string>> seen;  // (operator, canonical version): linear de-dup
  size_t begin = 0;
  while (true) {
    const size_t comma = text.find(',', begin);
    const std::string_view item = strip(text.substr(begin, comma == std::string_view::npos ? comma : comma - begin));
    if (!item.empty()) {
      auto spec = parse_specifier(item);
      if (!spec) return tl::unexpected(spec.error());
      // A frozenset of Specifiers: one kept of those equal by (operator, canonical version).
      if (seen.insert(spec->identity()).second) set.specs_.push_back(std::move(*spec));
    }
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  return set;
}

bool SpecifierSet::contains(const Version& v, bool prereleases) const {
  if (v.is_prerelease() && !prereleases) return false;
  return std::all_of(specs_.begin(), specs_.end(), [&](const Specifier& s) { return s.matches(v); });
}

bool SpecifierSet::contains(const Version& v) const {
  // SpecifierSet.prereleases: None for an empty set (then `not None` turns pre-releases away).
  const bool prereleases =
      std::any_of(specs_.begin(), specs_.end(), [](const Specifier& s) { return s.names_prerelease(); });
  return contains(v, prereleases);
}

std::string SpecifierSet::str() const {
  std::vector<std::string> parts;
  parts.reserve(specs_.size());
  for (const auto& s : specs_) parts.push_back(s.str());
  std::sort(parts.begin(), parts.end());
  return fmt::format("{}", fmt::join(parts, ","));
}

}  // namespace gator::pep440
