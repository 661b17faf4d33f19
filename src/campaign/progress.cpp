#include "campaign/progress.hpp"

#include <map>
#include <set>
#include <utility>

namespace passeur::campaign {

std::vector<CompetenceProgress> BuildCompetenceProgress(const std::vector<ProgressPoint>& points) {
    std::vector<CompetenceProgress> out;
    std::map<std::pair<std::string, std::string>, std::size_t> index;
    for (std::size_t i = 0; i < points.size(); ++i) {
        std::set<std::pair<std::string, std::string>> seen_here;
        for (const CompetenceCell& cell : points[i].levels) {
            auto key = std::make_pair(cell.framework, cell.competence);
            if (!seen_here.insert(key).second) continue;
            auto [it, added] = index.emplace(key, out.size());
            if (added) {
                CompetenceProgress c;
                c.framework = cell.framework;
                c.competence = cell.competence;
                out.push_back(std::move(c));
            }
            out[it->second].series.push_back({i, cell});
        }
    }
    for (CompetenceProgress& c : out) {
        if (c.series.size() >= 2) c.level_change = c.series.back().cell.level - c.series.front().cell.level;
    }
    return out;
}

}  // namespace passeur::campaign
