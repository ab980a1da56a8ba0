// Cursor pagination as a lazy input range.
//
//   for (const arize::ApiKey& key : client.api_keys.list_all({.limit = 100})) { ... }
//
// Pages are fetched one at a time, when iteration reaches the end of the previous one, so memory
// is bounded by one page. resume_cursor() gives the cursor of the page being iterated, so that
// an interrupted walk (an exception, a stop) can be resumed later without skipping anything.
// A server that hands back a cursor it already gave, or says has_more without a cursor, raises
// DecodeError instead of looping forever.
#pragma once

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
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

/// A lazy input range over every item of every page. `fetch(cursor)` returns the page at
/// `cursor` (nullopt: the first page). Single pass: begin() may be called once.
template <class Item>
class Pager {
  struct State;  // declared before iterator names it (clang wants it declared there)

 public:
  using Fetch = std::function<PageOf<Item>(const std::optional<std::string>& cursor)>;

  Pager(Fetch fetch, std::optional<std::string> first_cursor = std::nullopt)
      : state_(std::make_shared<State>(std::move(fetch), std::move(first_cursor))) {}

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

  /// Fetches the first page (throws what fetch throws).
  iterator begin() {
    if (state_->started)
      throw std::logic_error("arize::Pager is a single-pass range: begin() called twice");
    state_->started = true;
    if (state_->first_cursor) state_->seen.insert(std::hash<std::string>{}(*state_->first_cursor));
    state_->load(state_->first_cursor);
    return iterator(state_);
  }
  std::default_sentinel_t end() const noexcept { return {}; }

  /// The cursor of the page being iterated, or being fetched when a fetch failed (nullopt for
  /// the first page). A new walk started from it repeats at most the items of that page already
  /// seen; nothing is skipped.
  [[nodiscard]] const std::optional<std::string>& resume_cursor() const noexcept {
    return state_->current_cursor;
  }
  /// Pages fetched so far.
  [[nodiscard]] std::size_t pages_fetched() const noexcept { return state_->pages; }

 private:
  struct State {
    State(Fetch f, std::optional<std::string> c)
        : fetch(std::move(f)), first_cursor(std::move(c)) {}

    bool done() const noexcept { return index >= page.items.size() && !page.next_cursor; }

    void load(const std::optional<std::string>& cursor) {
      // Skip empty pages that still point further (bounded: each cursor is taken once).
      std::optional<std::string> at = cursor;
      for (;;) {
        current_cursor = at;  // set first: if fetch throws, resuming retries this page
        page.items.clear();   // the consumed page is not kept alive during the fetch
        page.items.shrink_to_fit();
        PageOf<Item> next = fetch(at);
        ++pages;
        if (next.next_cursor) {
          if (next.next_cursor->empty()) {
            throw DecodeError("pagination.next_cursor", "the server returned an empty cursor", "");
          }
          if (!seen.insert(std::hash<std::string>{}(*next.next_cursor)).second) {
            throw DecodeError(
                "pagination.next_cursor",
                "the server returned a cursor it had already returned (the pages would loop)", "");
          }
        }
        page = std::move(next);
        index = 0;
        if (!page.items.empty() || !page.next_cursor) return;
        at = page.next_cursor;
      }
    }

    void advance() {
      ++index;
      if (index >= page.items.size() && page.next_cursor) load(page.next_cursor);
    }

    Fetch fetch;
    std::optional<std::string> first_cursor;
    std::optional<std::string> current_cursor;
    PageOf<Item> page;
    std::size_t index = 0;
    std::size_t pages = 0;
    bool started = false;
    // Hashes of the cursors seen, for loop detection (8 bytes a page; a 64-bit collision would
    // raise a loud DecodeError, never skip items).
    std::unordered_set<std::size_t> seen;
  };

  std::shared_ptr<State> state_;
};

}  // namespace arize
