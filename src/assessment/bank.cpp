#include "assessment/bank.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "assessment/irt.hpp"

namespace passeur::assessment {
namespace {

core::Error Bad(std::size_t index, std::string_view field, std::string_view what) {
    std::string path = fmt::format("items[{}].{}", index, field);
    return core::Error::InvalidArgument(fmt::format("{}: {}", path, what), path);
}

bool InRange(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

}  // namespace

core::Result<void> ValidateGrid(const GridSpec& grid) {
    if (grid.points < 11 || grid.points > 401) {
        return core::Fail(core::Error::InvalidArgument("grid.points: must be within 11..401", "grid.points"));
    }
    if (!InRange(grid.low, -10, 10) || !InRange(grid.high, -10, 10) || !(grid.low < grid.high)) {
        return core::Fail(core::Error::InvalidArgument(
            "grid.low, grid.high: must be finite, within [-10, 10], and low < high", "grid.low"));
    }
    if (!InRange(grid.bin_width, 1e-3, 1.0)) {
        return core::Fail(
            core::Error::InvalidArgument("grid.bin_width: must be within [0.001, 1]", "grid.bin_width"));
    }
    return core::Ok();
}

core::Result<ItemBank> ItemBank::Create(std::vector<BankItem> items, const GridSpec& grid) {
    PASSEUR_TRY(ValidateGrid(grid));
    if (items.empty()) return core::Fail(core::Error::InvalidArgument("the bank has no item", "items"));
    if (items.size() > kMaxBankItems) {
        return core::Fail(core::Error::InvalidArgument(
            fmt::format("the bank has {} items, more than {}", items.size(), kMaxBankItems), "items"));
    }
    ItemBank bank;
    bank.grid_ = grid;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const BankItem& it = items[i];
        if (it.id.empty() || it.id.size() > kMaxIdBytes)
            return core::Fail(Bad(i, "id", "must be 1-200 bytes"));
        if (it.competence.empty() || it.competence.size() > kMaxIdBytes) {
            return core::Fail(Bad(i, "competence", "must be 1-200 bytes"));
        }
        if (!InRange(it.a, 1e-9, 10.0) || it.a <= 0) return core::Fail(Bad(i, "a", "must be within (0, 10]"));
        if (!InRange(it.b, -10, 10)) return core::Fail(Bad(i, "b", "must be within [-10, 10]"));
        if (!InRange(it.c, 0, 0.5)) return core::Fail(Bad(i, "c", "must be within [0, 0.5]"));
        if (it.steps.size() > kMaxSteps) return core::Fail(Bad(i, "steps", "at most 20 steps"));
        for (double s : it.steps) {
            if (!InRange(s, -10, 10))
                return core::Fail(Bad(i, "steps", "each step must be within [-10, 10]"));
        }
        if (it.partial() && it.c != 0) return core::Fail(Bad(i, "c", "must be 0 for a partial-credit item"));
        if ((it.usable_in & ~kAllConditions) != 0)
            return core::Fail(Bad(i, "usable_in", "unknown condition bit"));
        if (!bank.item_index_.emplace(it.id, i).second) {
            return core::Fail(Bad(i, "id", fmt::format("duplicate id \"{}\"", it.id)));
        }
        auto [pos, inserted] = bank.competence_index_.emplace(it.competence, bank.competences_.size());
        if (inserted) {
            if (bank.competences_.size() == kMaxBankCompetences) {
                return core::Fail(Bad(i, "competence", "more than 2000 competences in the bank"));
            }
            bank.competences_.push_back(it.competence);
            bank.members_.emplace_back();
        }
        bank.competence_of_.push_back(pos->second);
        bank.members_[pos->second].push_back(static_cast<std::uint32_t>(i));
    }
    bank.items_ = std::move(items);

    const auto points = static_cast<std::size_t>(grid.points);
    const double h = (grid.high - grid.low) / static_cast<double>(points - 1);
    bank.nodes_.resize(points);
    for (std::size_t g = 0; g < points; ++g) bank.nodes_[g] = grid.low + h * static_cast<double>(g);

    std::vector<double> probs(kMaxSteps + 1);
    for (const BankItem& it : bank.items_) {
        bank.table_offset_.push_back(bank.tables_.size());
        const auto k = static_cast<std::size_t>(it.categories());
        bank.tables_.resize(bank.tables_.size() + k * points);
        double* t = bank.tables_.data() + bank.table_offset_.back();
        for (std::size_t g = 0; g < points; ++g) {
            const double x = bank.nodes_[g];
            if (it.partial()) {
                std::span<double> p(probs.data(), k);
                GpcmProbabilitiesInto(x, it.a, it.steps, p);
                for (std::size_t c = 0; c < k; ++c) t[c * points + g] = p[c];
            } else {
                // P and Q each computed directly (no 1 − P cancellation).
                const double z = it.a * (x - it.b);
                t[points + g] = it.c + (1.0 - it.c) * Logistic(z);
                t[g] = (1.0 - it.c) * Logistic(-z);
            }
        }
    }

    bank.bin_low_ = grid.low;
    bank.bin_count_ = static_cast<std::size_t>(std::floor((grid.high - grid.low) / grid.bin_width)) + 1;
    std::vector<double> info;
    for (std::size_t c = 0; c < bank.competences_.size(); ++c) {
        const auto& members = bank.members_[c];
        const std::size_t depth = std::min(members.size(), kRankDepth);
        bank.depth_.push_back(depth);
        auto& ranked = bank.ranked_.emplace_back();
        ranked.reserve(depth * bank.bin_count_);
        std::vector<std::uint32_t> order(members.begin(), members.end());
        info.resize(bank.items_.size());
        for (std::size_t bin = 0; bin < bank.bin_count_; ++bin) {
            const double centre = bank.bin_low_ + (static_cast<double>(bin) + 0.5) * grid.bin_width;
            for (std::uint32_t i : members) info[i] = bank.InformationAt(i, centre);
            // Ties broken by bank order, so rankings are deterministic.
            std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(depth), order.end(),
                              [&](std::uint32_t l, std::uint32_t r) {
                                  return info[l] != info[r] ? info[l] > info[r] : l < r;
                              });
            ranked.insert(ranked.end(), order.begin(), order.begin() + static_cast<std::ptrdiff_t>(depth));
        }
    }
    return bank;
}

std::size_t ItemBank::CompetenceSize(std::size_t competence) const { return members_[competence].size(); }

std::optional<std::size_t> ItemBank::FindCompetence(std::string_view name) const {
    auto it = competence_index_.find(std::string(name));
    if (it == competence_index_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::size_t> ItemBank::FindItem(std::string_view id) const {
    auto it = item_index_.find(std::string(id));
    if (it == item_index_.end()) return std::nullopt;
    return it->second;
}

double ItemBank::InformationAt(std::size_t i, double theta) const {
    const BankItem& it = items_[i];
    if (it.partial()) return GpcmInformation(theta, it.a, it.steps);
    return Information(theta, it.a, it.b, it.c);
}

std::size_t ItemBank::BinOf(double theta) const {
    if (!(theta > bin_low_)) return 0;  // NaN included
    // Clamped as a double before the cast: casting +inf or a huge value to size_t is undefined.
    const double bin =
        std::min(std::floor((theta - bin_low_) / grid_.bin_width), static_cast<double>(bin_count_ - 1));
    return static_cast<std::size_t>(bin);
}

std::span<const std::uint32_t> ItemBank::Ranked(std::size_t competence, std::size_t bin) const {
    const std::size_t depth = depth_[competence];
    return {ranked_[competence].data() + bin * depth, depth};
}

std::span<const std::uint32_t> ItemBank::ItemsOf(std::size_t competence) const {
    return members_[competence];
}

}  // namespace passeur::assessment
