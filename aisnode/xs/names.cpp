#include "aisnode/xs/names.hpp"

#include "shared/util/name_template.hpp"

#include <algorithm>

namespace ais::node::xs {

namespace {

// Whether this target owns `name` of `b` per the current Smap (standalone: yes).
bool owned(const Core& core, const api::Bck& b, const std::string& name) {
    auto smap = core.env.meta.smap();
    if (!smap || smap->tmap.empty()) return true;
    const api::Snode* t = smap->hrw_target(b.obj_uname(name));
    return t && t->daemon_id == core.env.id();
}

}  // namespace

NameSource NameSource::walk(const Core& core, const api::Bck& b, const std::string& prefix) {
    auto names = std::make_shared<std::vector<NameEnt>>(core.walk(b, prefix_base(prefix), true));
    std::erase_if(*names, [&](const NameEnt& e) { return e.is_dir || !e.name.starts_with(prefix); });
    sort_unique(*names);
    auto pos = std::make_shared<size_t>(0);
    NameSource s;
    s.next_ = [names, pos](std::string& out) {
        if (*pos >= names->size()) return false;
        out = (*names)[(*pos)++].name;
        return true;
    };
    return s;
}

void validate_selection(const api::ListRange& lr) {
    if (lr.is_list()) {
        for (const auto& n : lr.objnames) api::validate_obj_name(n);
        return;
    }
    if (!lr.template_.empty()) (void)NameTemplate::parse(lr.template_);
}

NameSource NameSource::select(const Core& core, const api::Bck& b, const api::ListRange& lr) {
    validate_selection(lr);
    if (lr.is_list()) {
        auto names = std::make_shared<std::vector<std::string>>();
        for (const auto& n : lr.objnames)
            if (owned(core, b, n)) names->push_back(n);
        auto pos = std::make_shared<size_t>(0);
        NameSource s;
        s.named_ = true;
        s.list_ = true;
        s.next_ = [names, pos](std::string& out) {
            if (*pos >= names->size()) return false;
            out = (*names)[(*pos)++];
            return true;
        };
        return s;
    }
    auto tmpl = std::make_shared<NameTemplate>(NameTemplate::parse(lr.template_));
    if (!tmpl->has_ranges()) return walk(core, b, tmpl->prefix());
    auto it = std::make_shared<NameTemplate::Iterator>(tmpl->iter());
    const Core* c = &core;
    NameSource s;
    s.named_ = true;
    s.next_ = [tmpl, it, c, b](std::string& out) {
        while (it->next(out))
            if (owned(*c, b, out)) return true;
        return false;
    };
    return s;
}

}  // namespace ais::node::xs
