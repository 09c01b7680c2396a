// Bash-style brace templates that name many objects at once, as AIS uses them in list/range
// operations and aisloader: "shard-{0001..9999}.tar", "a-{0..3}-b-{00..99..5}".
// A range is {start..end} or {start..end..step} over non-negative decimals; names are zero-padded
// to the width of the start literal ("{001..100}" -> "001", ..., "100"); with several ranges the
// last one varies fastest (like bash). Names are generated lazily, so a template of 10^9 names
// costs a few bytes. Text without braces is not a list but a plain prefix: has_ranges() is false,
// count() is 0 and iteration yields nothing; the caller treats prefix() as an object-name prefix.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ais {

class NameTemplate {
  public:
    // Throws ErrBadRequest quoting the template on bad syntax, start > end, step 0, or a name
    // count that does not fit in uint64.
    static NameTemplate parse(std::string_view text);

    bool has_ranges() const { return !ranges_.empty(); }
    uint64_t count() const { return count_; }
    const std::string& text() const { return text_; }
    // Literal text before the first range (the whole text when there are no ranges): every
    // generated name starts with it, which lets listings be narrowed by prefix.
    const std::string& prefix() const { return literals_.front(); }

    // The idx-th name in iteration order (idx < count()).
    std::string at(uint64_t idx) const;

    // Forward iteration: `while (it.next(name)) ...`. The template must outlive the iterator.
    class Iterator {
      public:
        bool next(std::string& out);

      private:
        friend class NameTemplate;
        explicit Iterator(const NameTemplate* t);
        const NameTemplate* t_;
        std::vector<uint64_t> pos_;  // current index within each range
        bool done_;
    };
    Iterator iter() const { return Iterator(this); }

  private:
    struct Range {
        uint64_t start, step, count;
        int width;
    };
    void append_name(const uint64_t* pos, std::string& out) const;

    std::string text_;
    std::vector<std::string> literals_;  // literals_.size() == ranges_.size() + 1
    std::vector<Range> ranges_;
    uint64_t count_ = 0;
};

}  // namespace ais
