// The item bank as the adaptive engine sees it: IRT parameters, competence and accessibility of
// each item, plus tables precomputed once so that a test step is O(grid) and needs no scan of the
// bank. Immutable after Create; thread-safe to share between tests (read-only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace passeur::assessment {

// Conditions an item can be used in (bit mask, cf. item::Accessibility).
inline constexpr std::uint8_t kScreenReader = 1;
inline constexpr std::uint8_t kNoColour = 2;
inline constexpr std::uint8_t kNoTimer = 4;
inline constexpr std::uint8_t kAllConditions = kScreenReader | kNoColour | kNoTimer;

// Bounds on what Create accepts.
inline constexpr std::size_t kMaxBankItems = 100'000;
inline constexpr std::size_t kMaxBankCompetences = 2'000;
inline constexpr std::size_t kMaxSteps = 20;
inline constexpr std::size_t kMaxIdBytes = 200;

struct BankItem {
    std::string id{};          // unique, 1-200 bytes
    std::string competence{};  // 1-200 bytes
    double a = 1.0;            // discrimination, (0, 10]
    double b = 0.0;            // difficulty, [-10, 10] (dichotomous items)
    double c = 0.0;            // lower asymptote, [0, 0.5] (dichotomous items)
    // Non-empty: a partial-credit item (GPCM) with categories 0..steps.size() and these step
    // difficulties, each in [-10, 10] (b and c are then unused); 1-20 steps.
    std::vector<double> steps{};
    std::uint8_t usable_in = kAllConditions;  // conditions the item can be used in

    bool partial() const { return !steps.empty(); }
    int categories() const { return steps.empty() ? 2 : static_cast<int>(steps.size()) + 1; }
};

// The quadrature grid of every ability estimate: `points` equally spaced nodes on [low, high].
struct GridSpec {
    int points = 61;    // 11..401
    double low = -5.0;  // finite, low < high, both within [-10, 10]
    double high = 5.0;
    double bin_width = 0.05;  // selection bins (item rankings by information), [0.001, 1]
    bool operator==(const GridSpec&) const = default;
};

core::Result<void> ValidateGrid(const GridSpec& grid);

class ItemBank {
public:
    // Validates every item (field names in errors: "items[3].a") and precomputes the tables.
    // Cost O(items × (grid points + bins)) time, O(items × bins) memory.
    static core::Result<ItemBank> Create(std::vector<BankItem> items, const GridSpec& grid = {});

    std::size_t size() const { return items_.size(); }
    const BankItem& item(std::size_t i) const { return items_[i]; }
    const std::vector<BankItem>& items() const { return items_; }
    // Competence names in order of first appearance in the item list.
    const std::vector<std::string>& competences() const { return competences_; }
    std::size_t competence_of(std::size_t i) const { return competence_of_[i]; }
    std::size_t CompetenceSize(std::size_t competence) const;
    std::optional<std::size_t> FindCompetence(std::string_view name) const;
    std::optional<std::size_t> FindItem(std::string_view id) const;

    const GridSpec& grid() const { return grid_; }
    std::span<const double> nodes() const { return nodes_; }

    // P(category k | node g) for item i, k-major: Table(i)[k * points + g].
    std::span<const double> Table(std::size_t i) const {
        return {tables_.data() + table_offset_[i],
                static_cast<std::size_t>(items_[i].categories()) * nodes_.size()};
    }
    // Fisher information of item i at θ (exact, not tabulated).
    double InformationAt(std::size_t i, double theta) const;

    // Selection bins: bin of θ (clamped to the grid range; NaN and −inf give 0, +inf the last bin).
    std::size_t BinOf(double theta) const;
    std::size_t bin_count() const { return bin_count_; }
    // Items of `competence` by decreasing information at the centre of `bin`: the first
    // min(CompetenceSize, kRankDepth) of them (callers scan the competence when all are taken).
    std::span<const std::uint32_t> Ranked(std::size_t competence, std::size_t bin) const;
    // Every item of `competence`, in bank order.
    std::span<const std::uint32_t> ItemsOf(std::size_t competence) const;

    static constexpr std::size_t kRankDepth = 96;

private:
    std::vector<BankItem> items_;
    std::vector<std::string> competences_;
    std::vector<std::size_t> competence_of_;
    std::unordered_map<std::string, std::size_t> item_index_;
    std::unordered_map<std::string, std::size_t> competence_index_;
    GridSpec grid_;
    std::vector<double> nodes_;
    std::vector<double> tables_;
    std::vector<std::size_t> table_offset_;
    std::size_t bin_count_ = 0;
    double bin_low_ = 0;
    // Per competence: its items (bank order) and its rankings (bin-major, depth_[c] per bin).
    std::vector<std::vector<std::uint32_t>> members_;
    std::vector<std::vector<std::uint32_t>> ranked_;
    std::vector<std::size_t> depth_;
};

}  // namespace passeur::assessment
