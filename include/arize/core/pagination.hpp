// Cursor pagination as a lazy input range.
//
//   for (const arize::ApiKey& key : client.api_keys.list_all({.limit = 100})) { ... }
//
// Pages are fetched one at a time, when iteration reaches the end of the previous one, so memory
// is bounded by one page. resume_cursor() gives the cursor of the page being iterated, so that
// an interrupted walk (an exception, a stop) can be resumed later without skipping anything.
// A server that hands back a cursor it already gave, or (page_from_response) says has_more
// without a cursor, raises ProtocolError (a DecodeError) instead of looping forever. Empty pages
// that point further are skipped, at most `max_consecutive_empty_pages` in a row (default 16): a
// server answering has_more with empty pages and fresh cursors for ever would otherwise keep the
// caller's loop busy with no item to break on. ProtocolError::cursor() names where the walk
// stopped. Misuse (begin() twice) is a ValidationError: everything thrown derives from
// arize::Error.
#pragma once

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "arize/core/errors.hpp"

namespace arize {

/// One page as the pager sees it: its items and the cursor of the next page (nullopt: last).
template <class Item>
struct PageOf {
  std::vector<Item> items;
  std::optional<std::string> next_cursor;
};

/// The page a response describes with `has_more` and `next_cursor` (the usual cursor shape):
/// has_more without a cursor is a ProtocolError naming `cursor` (the page asked for) and
/// `operation`; a cursor without has_more is ignored (the last page).
template <class Item>
[[nodiscard]] PageOf<Item> page_from_response(std::vector<Item> items, bool has_more,
                                              std::optional<std::string> next_cursor,
                                              const std::optional<std::string>& cursor,
                                              std::string_view operation) {
  if (has_more && !next_cursor) {
    throw ProtocolError("pagination", "has_more is true but there is no next_cursor", cursor,
                        std::string(operation));
  }
  return PageOf<Item>{
      .items = std::move(items),
      .next_cursor = has_more ? std::move(next_cursor) : std::nullopt,
  };
}

namespace detail {
/// The rules of a walk over cursor pages, for a pager that fetches one page at a time (Pager, and
/// the async client's AsyncPager): every cursor is taken once, an empty cursor is refused, and
/// at most `max_consecutive_empty` empty pages in a row that point further are skipped. Breaking
/// one is a ProtocolError naming the cursor of the page that broke it.
class CursorWalk {
 public:
  CursorWalk(std::optional<std::string> first_cursor, std::size_t max_consecutive_empty)
      : current_(std::move(first_cursor)), max_consecutive_empty_(max_consecutive_empty) {
    if (current_) seen_.insert(hash(*current_));
  }

  /// The cursor of the page to fetch next, or of the page last given (nullopt: the first page).
  [[nodiscard]] const std::optional<std::string>& cursor() const noexcept { return current_; }
  /// Pages fetched so far.
  [[nodiscard]] std::size_t pages() const noexcept { return pages_; }
  /// Whether the page last given points further (advance() moves there).
  [[nodiscard]] bool more() const noexcept { return next_.has_value(); }

  /// Takes the page fetched at cursor(). True: the page is to be given to the caller (it has
  /// items, or it is the last). False: it is an empty page that points further, and cursor()
  /// has moved there (fetch again).
  template <class Item>
  [[nodiscard]] bool accept(const PageOf<Item>& page) {
    ++pages_;
    if (page.next_cursor) {
      if (page.next_cursor->empty()) {
        throw ProtocolError("pagination.next_cursor", "the server returned an empty cursor",
                            current_);
      }
      if (!seen_.insert(hash(*page.next_cursor)).second) {
        throw ProtocolError(
            "pagination.next_cursor",
            "the server returned a cursor it had already returned (the pages would loop)",
            current_);
      }
    }
    if (!page.items.empty() || !page.next_cursor) {
      empty_ = 0;
      next_ = page.next_cursor;
      return true;
    }
    if (empty_ == max_consecutive_empty_) {
      throw ProtocolError("pagination",
                          "the server sent more than " + std::to_string(max_consecutive_empty_) +
                              " consecutive empty pages that say has_more; stopped before cursor " +
                              quote_excerpt(*page.next_cursor) + " (" + std::to_string(pages_) +
                              " pages fetched)",
                          page.next_cursor);
    }
    ++empty_;
    current_ = page.next_cursor;
    return false;
  }

  /// After a page given with more(): its next page is the one to fetch.
  void advance() {
    current_ = std::move(next_);
    next_.reset();
  }

 private:
  static std::size_t hash(const std::string& cursor) { return std::hash<std::string>{}(cursor); }

  std::optional<std::string> current_;
  std::optional<std::string> next_;
  std::size_t max_consecutive_empty_;
  std::size_t empty_ = 0;
  std::size_t pages_ = 0;
  // Hashes of the cursors seen, for loop detection (8 bytes a page; a 64-bit collision would
  // raise a loud DecodeError, never skip items).
  std::unordered_set<std::size_t> seen_;
};
}  // namespace detail

/// A lazy input range over every item of every page. `fetch(cursor)` returns the page at
/// `cursor` (nullopt: the first page). Single pass: begin() may be called once.
inline constexpr std::size_t default_max_consecutive_empty_pages = 16;

template <class Item>
class Pager {
  struct State;  // declared before iterator names it (clang wants it declared there)

 public:
  using Fetch = std::function<PageOf<Item>(const std::optional<std::string>& cursor)>;

  /// `max_consecutive_empty_pages`: how many empty pages in a row that still point further are
  /// skipped before ProtocolError (0: none).
  Pager(Fetch fetch, std::optional<std::string> first_cursor = std::nullopt,
        std::size_t max_consecutive_empty_pages = default_max_consecutive_empty_pages)
      : state_(std::make_shared<State>(std::move(fetch), std::move(first_cursor),
                                       max_consecutive_empty_pages)) {}

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using iterator_concept = std::input_iterator_tag;
    using value_type = Item;
    using difference_type = std::ptrdiff_t;
    using reference = const Item&;
    using pointer = const Item*;

    iterator() = default;
    reference operator*() const { return state_->page.items[state_->index]; }
    pointer operator->() const { return &**this; }
    iterator& operator++() {
      state_->advance();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept {
      return it.state_ == nullptr || it.state_->done();
    }

   private:
    friend class Pager;
    explicit iterator(std::shared_ptr<State> state) : state_(std::move(state)) {}
    std::shared_ptr<State> state_;
  };

  /// Fetches the first page (throws what fetch throws). A second call is a ValidationError.
  iterator begin() {
    if (state_->started) {
      throw ValidationError("Pager::begin",
                            "a Pager is a single-pass range: begin() may be called once");
    }
    state_->started = true;
    state_->load();
    return iterator(state_);
  }
  std::default_sentinel_t end() const noexcept { return {}; }

  /// The cursor of the page being iterated, or being fetched when a fetch failed (nullopt for
  /// the first page). A new walk started from it repeats at most the items of that page already
  /// seen; nothing is skipped.
  [[nodiscard]] const std::optional<std::string>& resume_cursor() const noexcept {
    return state_->walk.cursor();
  }
  /// Pages fetched so far.
  [[nodiscard]] std::size_t pages_fetched() const noexcept { return state_->walk.pages(); }

 private:
  struct State {
    State(Fetch f, std::optional<std::string> c, std::size_t max_empty)
        : fetch(std::move(f)), walk(std::move(c), max_empty) {}

    bool done() const noexcept { return index >= page.items.size() && !walk.more(); }

    // Out of the class: not inline, so that `extern template class Pager<ApiKey>` (client.hpp,
    // ARIZE_SEPARATE_COMPILATION) keeps it out of each translation unit that iterates.
    void load();

    void advance() {
      ++index;
      if (index >= page.items.size() && walk.more()) {
        walk.advance();
        load();
      }
    }

    Fetch fetch;
    detail::CursorWalk walk;
    PageOf<Item> page;
    std::size_t index = 0;
    bool started = false;
  };

  std::shared_ptr<State> state_;
};

template <class Item>
void Pager<Item>::State::load() {
  // Fetches at walk.cursor() until a page to give (empty pages that point further are skipped,
  // as the walk's rules allow). If fetch throws, resume_cursor() is the page it was fetching.
  for (bool give = false; !give;) {
    page.items.clear();  // the consumed page is not kept alive during the fetch
    page.items.shrink_to_fit();
    PageOf<Item> next = fetch(walk.cursor());
    give = walk.accept(next);  // a page that breaks the rules is never iterated
    page = std::move(next);
    index = 0;
  }
}

}  // namespace arize
