#include "web/mustache_data.hpp"

namespace passeur::web {

kainjow::mustache::data ToMustache(const nlohmann::json& json) {
    using kainjow::mustache::data;
    switch (json.type()) {
        case nlohmann::json::value_t::object: {
            data object{data::type::object};
            for (const auto& [key, value] : json.items()) object.set(key, ToMustache(value));
            return object;
        }
        case nlohmann::json::value_t::array: {
            data list{data::type::list};
            for (const auto& value : json) list.push_back(ToMustache(value));
            return list;
        }
        case nlohmann::json::value_t::string:
            return data{json.get_ref<const std::string&>()};
        case nlohmann::json::value_t::boolean:
            return data{json.get<bool>()};
        case nlohmann::json::value_t::null:
        case nlohmann::json::value_t::discarded:
            return data{false};
        default:
            return data{json.dump()};
    }
}

}  // namespace passeur::web
