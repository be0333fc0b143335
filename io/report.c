/* report: see io/report.h. */
#include "io/report.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAP_W       960.0 /* map width, px */
#define MAP_MARGIN  24.0
#define CHART_W     900.0 /* chart width, px */
#define CHART_LOAD  70.0  /* height of the load panel, px */
#define CHART_ROW   7.0   /* height of a stop's time-window row, px */
#define CHART_LEFT  54.0  /* room for the axis labels */
#define EPOCH_FROM  1e8   /* times from here on are Unix timestamps */
#define MAX_REASONS 64    /* distinct reasons counted in the summary */

/* What a page is made from. */
typedef struct rep {
    FILE *f;
    json_t *in, *ans;  /* owned */
    json_t *index;     /* "job:ID", "pickup:ID", "delivery:ID", "reload:ID", "vehicle:ID",
                          "break:VEHICLE:ID" -> the input's object (borrowed); owned */
    const json_t *sum; /* the answer's summary */
    const rd_map *map;
    rd_map_frame fr;
} rep;

static void out(rep *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(rep *r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->f, fmt, ap);
    va_end(ap);
}

static void text(rep *r, const char *s) {
    rd_map_xml_text(r->f, s);
}

/* Route r's colour: ten of Tableau's, then hues a golden angle apart. */
static void colour(int r, char *buf, size_t size) {
    static const char *const pal[10] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#7f7f7f"};
    if (r < 10)
        snprintf(buf, size, "%s", pal[r]);
    else
        snprintf(buf, size, "hsl(%d,62%%,%d%%)", (int)fmod(r * 137.508, 360.0), 38 + 8 * (r % 3));
}

/* A time as a dispatcher reads it: HH:MM (+Nd), or a UTC date for Unix times. */
static void clock_text(double t, char *buf, size_t size) {
    if (!isfinite(t)) {
        snprintf(buf, size, "-");
        return;
    }
    if (t >= EPOCH_FROM) {
        time_t s = (time_t)t;
        struct tm tm;
        gmtime_r(&s, &tm);
        strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
        return;
    }
    long long s = (long long)floor(t), d = s / 86400, h = (s % 86400) / 3600, m = (s % 3600) / 60;
    if (s < 0) {
        snprintf(buf, size, "%llds", s);
    } else if (d > 0) {
        snprintf(buf, size, "%02lld:%02lld +%lldd", h, m, d);
    } else {
        snprintf(buf, size, "%02lld:%02lld", h, m);
    }
}

/* A duration: "1 h 05", "12 min", "40 s". */
static void span_text(double s, char *buf, size_t size) {
    long long v = (long long)llround(s);
    if (v >= 3600)
        snprintf(buf, size, "%lld h %02lld", v / 3600, (v % 3600) / 60);
    else if (v >= 60)
        snprintf(buf, size, "%lld min", v / 60);
    else
        snprintf(buf, size, "%lld s", v);
}

static double num(const json_t *o, const char *key) {
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : 0.0;
}

static long long int_of(const json_t *o, const char *key) {
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

static const char *str(const json_t *o, const char *key) {
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* ---- the input's objects by kind and id ---- */

static int put(json_t *index, const char *kind, long long owner, const json_t *o) {
    const json_t *id = json_object_get(o, "id");
    if (!json_is_integer(id)) return 0;
    char key[96];
    if (owner >= 0)
        snprintf(key, sizeof key, "%s:%lld:%lld", kind, owner, (long long)json_integer_value(id));
    else
        snprintf(key, sizeof key, "%s:%lld", kind, (long long)json_integer_value(id));
    return json_object_set(index, key, (json_t *)o);
}

static const json_t *lookup(const rep *r, const char *kind, long long owner, long long id) {
    char key[96];
    if (owner >= 0)
        snprintf(key, sizeof key, "%s:%lld:%lld", kind, owner, id);
    else
        snprintf(key, sizeof key, "%s:%lld", kind, id);
    return json_object_get(r->index, key);
}

static int build_index(rep *r) {
    size_t i, j;
    const json_t *o, *b;
    int bad = !(r->index = json_object());
    json_array_foreach(json_object_get(r->in, "jobs"), i, o) bad |= put(r->index, "job", -1, o);
    json_array_foreach(json_object_get(r->in, "stations"), i, o) bad |= put(r->index, "job", -1, o);
    json_array_foreach(json_object_get(r->in, "shipments"), i, o) {
        bad |= put(r->index, "pickup", -1, json_object_get(o, "pickup"));
        bad |= put(r->index, "delivery", -1, json_object_get(o, "delivery"));
    }
    json_array_foreach(json_object_get(r->in, "facilities"), i, o) bad |=
        put(r->index, "reload", -1, o);
    json_array_foreach(json_object_get(r->in, "vehicles"), i, o) {
        bad |= put(r->index, "vehicle", -1, o);
        json_array_foreach(json_object_get(o, "breaks"), j, b) bad |=
            put(r->index, "break", int_of(o, "id"), b);
    }
    return bad;
}

/* The input's object of step s of vehicle v's route, or NULL. */
static const json_t *step_src(const rep *r, long long v, const json_t *s) {
    const char *type = str(s, "type");
    if (!strcmp(type, "break")) return lookup(r, "break", v, int_of(s, "id"));
    if (!strcmp(type, "start") || !strcmp(type, "end")) return NULL;
    return lookup(r, type, -1, int_of(s, "id"));
}

/* Every route's vehicle and every task step is in the input: a plan of
 * another input is refused. */
static rd_status check_plan(const rep *r, rd_error *err) {
    size_t i, k;
    const json_t *ro, *s;
    json_array_foreach(json_object_get(r->ans, "routes"), i, ro) {
        long long v = int_of(ro, "vehicle");
        if (!lookup(r, "vehicle", -1, v))
            return rd_err(err, RD_ERR_INPUT, "plan: routes[%zu]: vehicle %lld is not in the input",
                          i, v);
        json_array_foreach(json_object_get(ro, "steps"), k, s) {
            const char *type = str(s, "type");
            if (!strcmp(type, "start") || !strcmp(type, "end")) continue;
            if (!step_src(r, v, s))
                return rd_err(err, RD_ERR_INPUT,
                              "plan: routes[%zu].steps[%zu]: %s %lld is not in the input", i, k,
                              type, int_of(s, "id"));
        }
    }
    return RD_OK;
}

/* ---- page parts ---- */

static const char CSS[] =
    ":root{--ink:#1b1f24;--mute:#5b6470;--line:#d6dbe1;--band:#f3f5f8;--bad:#c62828}"
    "*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',"
    "Roboto,sans-serif;color:var(--ink);margin:0;padding:0 20px 40px;max-width:1200px}"
    "header h1{font-size:22px;margin:18px 0 2px}header p{margin:0;color:var(--mute)}"
    "nav{margin:10px 0;display:flex;gap:14px}nav a{color:#1a5fb4}"
    "a:focus,button:focus,[tabindex]:focus,input:focus{outline:3px solid "
    "#ffbf47;outline-offset:1px}"
    ".skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}"
    ".band{display:flex;flex-wrap:wrap;gap:10px;background:var(--band);padding:12px;"
    "border-radius:6px}.card{background:#fff;border:1px solid var(--line);border-radius:6px;"
    "padding:8px 12px;min-width:130px}.card b{display:block;font-size:20px}"
    ".card span{color:var(--mute);font-size:12px}.reasons{margin:8px 0 0;padding-left:18px}"
    "h2{font-size:18px;margin:26px 0 8px;border-bottom:2px solid var(--line)}"
    ".mapwrap{display:flex;gap:12px;align-items:flex-start;flex-wrap:wrap}"
    "#mapsvg{border:1px solid var(--line);border-radius:6px;max-width:100%;height:auto;"
    "background:#fbfcfd}#mapsvg .stop{cursor:pointer}#mapsvg .sel{stroke:#000;stroke-width:3}"
    "#info{min-width:240px;max-width:320px;border:1px solid var(--line);border-radius:6px;"
    "padding:8px 10px;background:#fff}.off{display:none}"
    "#toggles{border:1px solid var(--line);border-radius:6px;margin:8px 0;display:flex;"
    "flex-wrap:wrap;gap:4px 14px}#toggles label{white-space:nowrap}"
    ".sw{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;"
    "margin-right:4px}"
    "article.route{margin:18px 0 28px}article.route h3{margin:0 0 4px;font-size:16px}"
    ".stats{color:var(--mute);margin:0 0 6px}table{border-collapse:collapse;width:100%;"
    "font-size:13px}th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;"
    "vertical-align:top}th{background:var(--band)}td.n{text-align:right;"
    "white-space:nowrap;font-variant-numeric:tabular-nums}tr.reload td{background:#eef6ee}"
    "tr.break td{background:#fff7e6}tr.depot td{background:var(--band)}"
    "tr.hl td{background:#ffe9a8}.chart{display:block;max-width:100%;height:auto;margin:6px 0}"
    "td.why{color:var(--bad)}.note{color:var(--mute)}"
    "@media print{nav,.skip,#toggles,#info,.noprint{display:none}body{max-width:none;padding:0}"
    "article.route{break-before:page;page-break-before:always}"
    "table{font-size:11px}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}";

static const char JS[] =
    "(function(){var d=document,root=d.documentElement;"
    "window.addEventListener('error',function(e){root.setAttribute('data-js-error',"
    "String(e.message||e));});"
    "var info=d.getElementById('info'),sel=null,hl=null;"
    "function show(el){if(!info)return;if(sel)sel.classList.remove('sel');sel=el;"
    "el.classList.add('sel');if(hl)hl.classList.remove('hl');"
    "var row=d.getElementById(el.getAttribute('data-row'));"
    "info.textContent='';var h=d.createElement('b');h.textContent=el.getAttribute('data-head');"
    "info.appendChild(h);(el.getAttribute('data-lines')||'').split('|').forEach(function(t){"
    "if(!t)return;var p=d.createElement('div');p.textContent=t;info.appendChild(p);});"
    "if(row){hl=row;row.classList.add('hl');var a=d.createElement('a');a.href='#'+row.id;"
    "a.textContent='go to its row';info.appendChild(a);}}"
    "Array.prototype.forEach.call(d.querySelectorAll('#mapsvg [data-head]'),function(el){"
    "el.addEventListener('click',function(){show(el);});"
    "el.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){"
    "e.preventDefault();show(el);}});});"
    "var tg=d.getElementById('toggles');if(tg){tg.hidden=false;"
    "Array.prototype.forEach.call(tg.querySelectorAll('input[data-route]'),function(cb){"
    "cb.addEventListener('change',function(){var c='r'+cb.getAttribute('data-route');"
    "Array.prototype.forEach.call(d.querySelectorAll('#mapsvg .'+c),function(el){"
    "el.classList.toggle('off',!cb.checked);});});});"
    "var all=d.getElementById('toggle-all');if(all)all.addEventListener('click',function(){"
    "var boxes=tg.querySelectorAll('input[data-route]'),on=false;"
    "Array.prototype.forEach.call(boxes,function(b){on=on||!b.checked;});"
    "Array.prototype.forEach.call(boxes,function(b){if(b.checked!==on){b.checked=on;"
    "b.dispatchEvent(new Event('change'));}});});}"
    "root.setAttribute('data-ready',String(Math.round(performance.now())));"
    "window.addEventListener('load',function(){root.setAttribute('data-load-ms',"
    "String(Math.round(performance.now())));});"
    "})();";

static void head(rep *r, const char *name) {
    out(r, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"rondo\">\n<title>Plan: ");
    text(r, name);
    out(r,
        "</title>\n<style>%s</style>\n</head>\n<body>\n"
        "<a class=\"skip\" href=\"#routes\">Skip to the drivers' sheets</a>\n<header><h1>Plan: ",
        CSS);
    text(r, name);
    out(r,
        "</h1><p>%d routes, %d stops left out &middot; made by rondo</p></header>\n"
        "<nav aria-label=\"Contents\"><a href=\"#summary\">Summary</a><a href=\"#map\">Map</a>"
        "<a href=\"#routes\">Drivers' sheets</a><a href=\"#unassigned\">Left out</a></nav>\n",
        (int)json_array_size(json_object_get(r->ans, "routes")),
        (int)json_array_size(json_object_get(r->ans, "unassigned")));
}

static void card(rep *r, const char *id, const char *value, const char *label) {
    out(r, "<div class=\"card\" id=\"%s\"><b>", id);
    text(r, value);
    out(r, "</b><span>%s</span></div>\n", label);
}

/* The unassigned tasks' reasons, each with its count, most frequent first. */
static void reasons(rep *r, const json_t *un) {
    const char *why[MAX_REASONS];
    int count[MAX_REASONS], n = 0, other = 0;
    size_t i;
    const json_t *u;
    json_array_foreach(un, i, u) {
        const char *s = str(u, "reason");
        int k = 0;
        while (k < n && strcmp(why[k], s)) k++;
        if (k == n && n == MAX_REASONS) {
            other++;
            continue;
        }
        if (k == n) why[n] = s, count[n++] = 0;
        count[k]++;
    }
    if (!n) return;
    out(r, "<ul class=\"reasons\" aria-label=\"Why stops are left out\">\n");
    for (int done = 0; done < n; done++) {
        int best = -1;
        for (int k = 0; k < n; k++)
            if (count[k] > 0 && (best < 0 || count[k] > count[best])) best = k;
        out(r, "<li><b>%d</b> &times; ", count[best]);
        text(r, why[best]);
        out(r, "</li>\n");
        count[best] = -count[best];
    }
    if (other) out(r, "<li><b>%d</b> &times; other reasons (see the list below)</li>\n", other);
    out(r, "</ul>\n");
}

static void summary(rep *r) {
    const json_t *routes = json_object_get(r->ans, "routes"),
                 *un = json_object_get(r->ans, "unassigned");
    size_t i, k;
    const json_t *ro, *s;
    long long served = 0;
    json_array_foreach(routes, i, ro) json_array_foreach(json_object_get(ro, "steps"), k, s) {
        const char *t = str(s, "type");
        served += !strcmp(t, "job") || !strcmp(t, "pickup") || !strcmp(t, "delivery");
    }
    char v[64], w[64];
    out(r, "<section id=\"summary\" aria-labelledby=\"h-summary\">"
           "<h2 id=\"h-summary\">Summary</h2>\n<div class=\"band\">\n");
    snprintf(v, sizeof v, "%lld of %lld", served, served + (long long)json_array_size(un));
    card(r, "c-served", v, "stops served");
    snprintf(v, sizeof v, "%zu", json_array_size(un));
    card(r, "c-left", v, "stops left out");
    snprintf(v, sizeof v, "%zu of %zu", json_array_size(routes),
             json_array_size(json_object_get(r->in, "vehicles")));
    card(r, "c-vehicles", v, "vehicles used");
    span_text(num(r->sum, "duration"), v, sizeof v);
    card(r, "c-travel", v, "travel time");
    span_text(num(r->sum, "service") + num(r->sum, "setup"), v, sizeof v);
    card(r, "c-service", v, "service time");
    span_text(num(r->sum, "waiting_time"), v, sizeof v);
    card(r, "c-waiting", v, "waiting time");
    if (json_object_get(r->sum, "distance")) {
        snprintf(v, sizeof v, "%.1f km", num(r->sum, "distance") / 1000);
        card(r, "c-distance", v, "distance");
    }
    if (json_object_get(r->sum, "reloads")) {
        snprintf(v, sizeof v, "%lld", int_of(r->sum, "reloads"));
        card(r, "c-reloads", v, "reloads at facilities");
    }
    snprintf(v, sizeof v, "%.15g", num(r->sum, "cost"));
    card(r, "c-cost", v, "cost");
    if (json_is_number(json_object_get(r->sum, "lower_bound"))) {
        double lb = num(r->sum, "lower_bound"), c = num(r->sum, "cost");
        snprintf(v, sizeof v, "%.15g", lb);
        snprintf(w, sizeof w, "lower bound (gap %.2f %%)", c > 0 ? 100 * (c - lb) / c : 0.0);
        card(r, "c-bound", v, w);
    }
    out(r, "</div>\n");
    reasons(r, un);
    out(r, "</section>\n");
}

/* Time window text of an input object ("08:00-10:00, 14:00-16:00"). */
static void windows_text(const json_t *src, const char *key, char *buf, size_t size) {
    const json_t *tws = json_object_get(src, key);
    size_t i, n = 0;
    const json_t *tw;
    buf[0] = '\0';
    if (json_is_array(tws) && json_array_size(tws) == 2 && json_is_number(json_array_get(tws, 0))) {
        char a[40], b[40];
        clock_text(json_number_value(json_array_get(tws, 0)), a, sizeof a);
        clock_text(json_number_value(json_array_get(tws, 1)), b, sizeof b);
        snprintf(buf, size, "%s-%s", a, b);
        return;
    }
    json_array_foreach(tws, i, tw) {
        char a[40], b[40];
        clock_text(json_number_value(json_array_get(tw, 0)), a, sizeof a);
        clock_text(json_number_value(json_array_get(tw, 1)), b, sizeof b);
        int w = snprintf(buf + n, size - n, "%s%s-%s", i ? ", " : "", a, b);
        if (w < 0 || (size_t)w >= size - n) break;
        n += (size_t)w;
    }
}

static void load_text(rep *r, const json_t *s) {
    size_t d;
    const json_t *v;
    json_array_foreach(json_object_get(s, "load"), d, v)
        out(r, "%s%lld", d ? " / " : "", (long long)json_integer_value(v));
}

/* ---- the map ---- */

/* The text of a step's info panel (lines separated by '|') into the
 * attribute being written. */
static void step_lines(rep *r, const json_t *s, const json_t *src) {
    char a[48], tw[160];
    clock_text(num(s, "arrival"), a, sizeof a);
    windows_text(src, "time_windows", tw, sizeof tw);
    out(r, "arrival %s", a);
    if (tw[0]) out(r, "|time window %s", tw);
    if (num(s, "waiting_time") > 0) {
        span_text(num(s, "waiting_time"), a, sizeof a);
        out(r, "|waits %s", a);
    }
    out(r, "|load after: ");
    load_text(r, s);
    if (*str(s, "description")) {
        out(r, "|");
        text(r, str(s, "description"));
    }
}

static void map_route(rep *r, int k, const rd_map_route *mr, const json_t *ro) {
    char c[40];
    colour(k, c, sizeof c);
    out(r,
        "<path class=\"rt r%d\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
        "stroke-linejoin=\"round\" d=\"",
        k, c);
    for (int i = 0; i < rd_map_line_len(mr); i++) {
        double x, y;
        rd_map_line_point(mr, i, &x, &y);
        out(r, "%s%.1f %.1f", i ? " L" : "M", rd_map_frame_x(&r->fr, x), rd_map_frame_y(&r->fr, y));
    }
    out(r, "\"><title>vehicle %" PRId64 "</title></path>\n", mr->vehicle);
    const json_t *steps = json_object_get(ro, "steps");
    for (int i = 0; i < mr->n_stops; i++) {
        const rd_map_stop *st = &mr->stops[i];
        const json_t *s = json_array_get(steps, (size_t)st->step);
        double x = rd_map_frame_x(&r->fr, st->x), y = rd_map_frame_y(&r->fr, st->y);
        const char *type = str(s, "type");
        int depot = !strcmp(type, "start") || !strcmp(type, "end");
        if (depot) {
            out(r,
                "<rect class=\"depot r%d\" x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" "
                "fill=\"#222\"><title>%s of vehicle %" PRId64 "</title></rect>\n",
                k, x - 5, y - 5, type, mr->vehicle);
            continue;
        }
        int reload = !strcmp(type, "reload");
        if (reload)
            out(r,
                "<path class=\"stop reload r%d\" d=\"M%.1f %.1fl7 7-7 7-7-7z\" fill=\"#2e7d32\" ",
                k, x, y - 7);
        else
            out(r,
                "<circle class=\"stop r%d\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\" "
                "stroke=\"#fff\" ",
                k, x, y, c);
        out(r,
            "tabindex=\"0\" role=\"button\" data-row=\"s%d-%d\" data-head=\"%s %lld, vehicle "
            "%" PRId64 ", stop %d\" data-lines=\"",
            k, st->step, type, int_of(s, "id"), mr->vehicle, st->step);
        step_lines(r, s, step_src(r, mr->vehicle, s));
        char a[48];
        clock_text(num(s, "arrival"), a, sizeof a);
        out(r, "\"><title>%s %lld (vehicle %" PRId64 "): arrival %s", type, int_of(s, "id"),
            mr->vehicle, a);
        if (*str(s, "description")) {
            out(r, ", ");
            text(r, str(s, "description"));
        }
        out(r, "</title></%s>\n", reload ? "path" : "circle");
    }
}

static void map_section(rep *r, const char *no_map) {
    const json_t *routes = json_object_get(r->ans, "routes"),
                 *un = json_object_get(r->ans, "unassigned");
    out(r, "<section id=\"map\" aria-labelledby=\"h-map\"><h2 id=\"h-map\">Map</h2>\n");
    if (!r->map) {
        out(r, "<p class=\"note\">No map: ");
        text(r, no_map ? no_map : "the input has no coordinates");
        out(r, "</p></section>\n");
        return;
    }
    rd_map_frame_fit(r->map, MAP_W, MAP_MARGIN, &r->fr);
    out(r, "<fieldset id=\"toggles\" hidden><legend>Routes shown</legend>"
           "<button type=\"button\" id=\"toggle-all\">all / none</button>\n");
    for (int k = 0; k < r->map->n_routes; k++) {
        char c[40];
        colour(k, c, sizeof c);
        out(r,
            "<label><input type=\"checkbox\" checked data-route=\"%d\"><span class=\"sw\" "
            "style=\"background:%s\"></span>vehicle %" PRId64 "</label>\n",
            k, c, r->map->routes[k].vehicle);
    }
    out(r,
        "</fieldset>\n<div class=\"mapwrap\"><svg id=\"mapsvg\" "
        "xmlns=\"http://www.w3.org/2000/svg\" "
        "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"group\" "
        "aria-label=\"Map of the routes: %d routes, %d stops left out\" "
        "font-family=\"sans-serif\">\n",
        MAP_W, r->fr.height, MAP_W, r->fr.height, r->map->n_routes, r->map->n_unassigned);
    for (int k = 0; k < r->map->n_routes; k++)
        map_route(r, k, &r->map->routes[k], json_array_get(routes, (size_t)k));
    for (int u = 0; u < r->map->n_unassigned; u++) {
        const rd_map_stop *st = &r->map->unassigned[u];
        const json_t *uo = json_array_get(un, (size_t)st->step);
        double x = rd_map_frame_x(&r->fr, st->x), y = rd_map_frame_y(&r->fr, st->y);
        out(r,
            "<g class=\"unassigned\" stroke=\"#c62828\" stroke-width=\"2.5\" tabindex=\"0\" "
            "role=\"button\" data-row=\"u%d\" data-head=\"left out: %s %lld\" data-lines=\"",
            st->step, str(uo, "type"), int_of(uo, "id"));
        text(r, str(uo, "reason"));
        if (*str(uo, "description")) {
            out(r, "|");
            text(r, str(uo, "description"));
        }
        out(r, "\"><path d=\"M%.1f %.1fl12 12m0-12l-12 12\"/><title>left out: %s %lld: ", x - 6,
            y - 6, str(uo, "type"), int_of(uo, "id"));
        text(r, str(uo, "reason"));
        out(r, "</title></g>\n");
    }
    out(r, "</svg>\n<aside id=\"info\" class=\"noprint\" aria-live=\"polite\">Select a stop on the "
           "map (click, or Tab and Enter) to see it here. Without JavaScript, hovering shows "
           "the same.</aside></div>\n<p class=\"note\">Squares: depots; diamonds: reloads at "
           "facilities; red crosses: stops left out.</p>\n</section>\n");
}

/* ---- the drivers' sheets ---- */

/* The vehicle's capacity in dimension 0 (0: none given). */
static double capacity0(const json_t *veh) {
    const json_t *cap = json_object_get(veh, "capacity");
    return json_is_array(cap) && json_array_size(cap) ? json_number_value(json_array_get(cap, 0))
                                                      : 0.0;
}

/* The chart of route k: the load (dimension 0, share of the capacity) over
 * the day, and under it each task's time window with its arrival. */
static void chart(rep *r, int k, const json_t *ro, const json_t *veh) {
    const json_t *steps = json_object_get(ro, "steps"), *s;
    size_t n = json_array_size(steps), i;
    if (n < 2) return;
    double t0 = num(json_array_get(steps, 0), "arrival"),
           t1 = num(json_array_get(steps, n - 1), "arrival");
    if (!(t1 > t0)) t1 = t0 + 1;
    double cap = capacity0(veh), peak = 1;
    json_array_foreach(steps, i, s) {
        double l = json_number_value(json_array_get(json_object_get(s, "load"), 0));
        if (l > peak) peak = l;
    }
    if (cap <= 0) cap = peak;
    int rows = 0;
    json_array_foreach(steps, i, s) rows += step_src(r, int_of(ro, "vehicle"), s) != NULL;
    double w = CHART_W - CHART_LEFT - 10, h = CHART_LOAD + 24 + rows * CHART_ROW + 6;
    char c[40], a[48], b[48];
    colour(k, c, sizeof c);
#define TX(t) (CHART_LEFT + ((t)-t0) / (t1 - t0) * w)
    clock_text(t0, a, sizeof a);
    clock_text(t1, b, sizeof b);
    out(r,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
        "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"10\" role=\"img\" "
        "aria-label=\"Load and time windows of vehicle %lld, %s to %s\">\n"
        "<rect x=\"%.0f\" y=\"4\" width=\"%.0f\" height=\"%.0f\" fill=\"#f3f5f8\"/>"
        "<text x=\"2\" y=\"13\">%.15g</text><text x=\"2\" y=\"25\" fill=\"#5b6470\">load</text>"
        "<text x=\"2\" y=\"%.0f\">0</text><text x=\"2\" y=\"%.0f\" fill=\"#5b6470\">windows"
        "</text>\n",
        CHART_W, h, CHART_W, h, int_of(ro, "vehicle"), a, b, CHART_LEFT, w, CHART_LOAD, cap,
        CHART_LOAD + 4, CHART_LOAD + 31);
    /* the hours, labelled under the load panel */
    double tick = t1 - t0 > 4 * 86400 ? 86400 : t1 - t0 > 16 * 3600 ? 4 * 3600 : 3600;
    for (double t = ceil(t0 / tick) * tick; t <= t1; t += tick) {
        clock_text(t, a, sizeof a);
        out(r,
            "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#d6dbe1\"/>"
            "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n",
            TX(t), TX(t), h - 4, TX(t), CHART_LOAD + 16, a);
    }
    /* the load: a step line, flat during each stop's service */
    out(r, "<polyline class=\"load\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", c);
    double prev = 0;
    json_array_foreach(steps, i, s) {
        double l = json_number_value(json_array_get(json_object_get(s, "load"), 0));
        double y0 = 4 + CHART_LOAD * (1 - fmin(prev / cap, 1)),
               y1 = 4 + CHART_LOAD * (1 - fmin(l / cap, 1));
        double x = TX(num(s, "arrival"));
        out(r, "%.1f,%.1f %.1f,%.1f ", x, i ? y0 : y1, x, y1);
        prev = l;
    }
    out(r, "\"/>\n");
    int row = 0;
    json_array_foreach(steps, i, s) {
        const json_t *src = step_src(r, int_of(ro, "vehicle"), s);
        if (!src) continue;
        double y = CHART_LOAD + 24 + row++ * CHART_ROW;
        const json_t *tws = json_object_get(src, "time_windows"), *tw;
        size_t j;
        json_array_foreach(tws, j, tw) {
            double a0 = fmax(json_number_value(json_array_get(tw, 0)), t0);
            double a1 = fmin(json_number_value(json_array_get(tw, 1)), t1);
            if (a1 >= a0)
                out(r,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#c9d7ea\"/>",
                    TX(a0), y, fmax(TX(a1) - TX(a0), 1), CHART_ROW - 2);
        }
        out(r,
            "<rect class=\"at\" x=\"%.1f\" y=\"%.1f\" width=\"3\" height=\"%.1f\" fill=\"%s\">"
            "<title>%s %lld</title></rect>\n",
            TX(num(s, "arrival") + num(s, "waiting_time")) - 1, y - 1, CHART_ROW, c, str(s, "type"),
            int_of(s, "id"));
    }
#undef TX
    out(r, "</svg>\n");
}

/* A row of the driver's sheet: step i of route k. */
static void sheet_row(rep *r, int k, size_t i, long long v, const json_t *s) {
    const char *type = str(s, "type");
    const json_t *src = step_src(r, v, s);
    int depot = !strcmp(type, "start") || !strcmp(type, "end");
    char a[48], dep[48], wait[48], tw[160];
    double arr = num(s, "arrival"), wt = num(s, "waiting_time");
    clock_text(arr, a, sizeof a);
    clock_text(arr + wt + num(s, "setup") + num(s, "service"), dep, sizeof dep);
    span_text(wt, wait, sizeof wait);
    windows_text(src, "time_windows", tw, sizeof tw);
    out(r,
        "<tr id=\"s%d-%zu\" class=\"%s\" data-type=\"%s\" data-id=\"%lld\" "
        "data-arrival=\"%.0f\" data-load=\"",
        k, i, depot ? "depot" : type, type, depot ? 0 : int_of(s, "id"), arr);
    load_text(r, s);
    out(r, "\"><td class=\"n\">%zu</td><td>%s</td><td class=\"n\">", i, type);
    if (!depot) out(r, "%lld", int_of(s, "id"));
    out(r, "</td><td>");
    text(r, str(s, "description"));
    out(r,
        "</td><td>%s</td><td class=\"n\" title=\"%.0f s\">%s</td><td class=\"n\">%s</td>"
        "<td class=\"n\">%s</td><td class=\"n\">",
        tw, arr, a, wt > 0 ? wait : "", dep);
    load_text(r, s);
    out(r, "</td></tr>\n");
}

static void route_article(rep *r, int k, const json_t *ro) {
    long long v = int_of(ro, "vehicle");
    const json_t *veh = lookup(r, "vehicle", -1, v), *steps = json_object_get(ro, "steps"), *s;
    size_t n = json_array_size(steps), i;
    int tasks = 0, reloads = 0, breaks = 0;
    json_array_foreach(steps, i, s) {
        const char *t = str(s, "type");
        tasks += !strcmp(t, "job") || !strcmp(t, "pickup") || !strcmp(t, "delivery");
        reloads += !strcmp(t, "reload");
        breaks += !strcmp(t, "break");
    }
    char c[40], a[48], b[48], d[48];
    colour(k, c, sizeof c);
    clock_text(n ? num(json_array_get(steps, 0), "arrival") : 0, a, sizeof a);
    clock_text(n ? num(json_array_get(steps, n - 1), "arrival") : 0, b, sizeof b);
    span_text(num(ro, "duration"), d, sizeof d);
    out(r,
        "<article class=\"route\" id=\"route-%d\" data-vehicle=\"%lld\" aria-labelledby=\"h-r%d\">"
        "<h3 id=\"h-r%d\"><span class=\"sw\" style=\"background:%s\"></span>Vehicle %lld",
        k, v, k, k, c, v);
    const char *desc = *str(ro, "description") ? str(ro, "description") : str(veh, "description");
    if (*desc) {
        out(r, ": ");
        text(r, desc);
    }
    out(r,
        "</h3>\n<p class=\"stats\">%d stops, %d reloads, %d breaks &middot; %s to %s &middot; "
        "travel %s",
        tasks, reloads, breaks, a, b, d);
    if (json_object_get(ro, "distance")) out(r, " &middot; %.1f km", num(ro, "distance") / 1000);
    out(r, " &middot; cost %.15g", num(ro, "cost"));
    if (capacity0(veh) > 0) out(r, " &middot; capacity %.15g", capacity0(veh));
    out(r, "</p>\n");
    chart(r, k, ro, veh);
    out(r,
        "<table class=\"sheet\"><caption class=\"note\">Driver's sheet of vehicle %lld: "
        "arrival, waiting and departure times, load on board after each step</caption>\n"
        "<thead><tr><th scope=\"col\">#</th><th scope=\"col\">Type</th><th scope=\"col\">Id</th>"
        "<th scope=\"col\">Description</th><th scope=\"col\">Time window</th>"
        "<th scope=\"col\">Arrival</th><th scope=\"col\">Waiting</th><th scope=\"col\">Departure"
        "</th><th scope=\"col\">Load after</th></tr></thead><tbody>\n",
        v);
    json_array_foreach(steps, i, s) sheet_row(r, k, i, v, s);
    out(r, "</tbody></table>\n</article>\n");
}

static void unassigned_section(rep *r) {
    const json_t *un = json_object_get(r->ans, "unassigned"), *u;
    size_t i;
    out(r,
        "<section id=\"unassigned\" aria-labelledby=\"h-un\"><h2 id=\"h-un\">Left out "
        "(%zu)</h2>\n",
        json_array_size(un));
    if (!json_array_size(un)) {
        out(r, "<p>Every stop is served.</p></section>\n");
        return;
    }
    out(r, "<table><thead><tr><th scope=\"col\">Type</th><th scope=\"col\">Id</th>"
           "<th scope=\"col\">Description</th><th scope=\"col\">Time window</th>"
           "<th scope=\"col\">Reason</th></tr></thead><tbody>\n");
    json_array_foreach(un, i, u) {
        char tw[160];
        windows_text(lookup(r, str(u, "type"), -1, int_of(u, "id")), "time_windows", tw, sizeof tw);
        out(r,
            "<tr id=\"u%zu\" data-type=\"%s\" data-id=\"%lld\"><td>%s</td><td class=\"n\">%lld"
            "</td><td>",
            i, str(u, "type"), int_of(u, "id"), str(u, "type"), int_of(u, "id"));
        text(r, str(u, "description"));
        out(r, "</td><td>%s</td><td class=\"why\">", tw);
        text(r, str(u, "reason"));
        out(r, "</td></tr>\n");
    }
    out(r, "</tbody></table>\n</section>\n");
}

rd_status rd_report_write(FILE *f, const rd_report_src *src, rd_error *err) {
    rep r = {.f = f, .map = src->map};
    json_error_t je;
    rd_status st = RD_OK;
    if (!(r.in = json_loadb(src->input, src->input_len, 0, &je))) {
        st = rd_err(err, RD_ERR_INPUT, "input: not JSON (line %d: %s)", je.line, je.text);
        goto done;
    }
    if (!(r.ans = json_loadb(src->answer, src->answer_len, 0, &je))) {
        st = rd_err(err, RD_ERR_INPUT, "plan: not JSON (line %d: %s)", je.line, je.text);
        goto done;
    }
    r.sum = json_object_get(r.ans, "summary");
    if (int_of(r.ans, "code") != 0 || !json_is_array(json_object_get(r.ans, "routes")) ||
        !json_is_object(r.sum)) {
        const char *e = str(r.ans, "error");
        st = rd_err(err, RD_ERR_INPUT, "plan: not a plan (code %lld%s%s)", int_of(r.ans, "code"),
                    *e ? ": " : "", e);
        goto done;
    }
    if (build_index(&r)) {
        st = rd_err(err, RD_ERR_NOMEM, "report: out of memory");
        goto done;
    }
    if ((st = check_plan(&r, err)) != RD_OK) goto done;
    head(&r, src->name);
    out(&r, "<main>\n");
    summary(&r);
    map_section(&r, src->no_map);
    out(&r, "<section id=\"routes\" aria-labelledby=\"h-routes\"><h2 id=\"h-routes\">Drivers' "
            "sheets</h2>\n");
    const json_t *ro;
    size_t k;
    json_array_foreach(json_object_get(r.ans, "routes"), k, ro) route_article(&r, (int)k, ro);
    out(&r, "</section>\n");
    unassigned_section(&r);
    out(&r, "</main>\n<script>%s</script>\n</body>\n</html>\n", JS);
    if (ferror(f)) st = rd_err(err, RD_ERR_INTERNAL, "writing the report failed");
done:
    json_decref(r.in);
    json_decref(r.ans);
    json_decref(r.index);
    return st;
}

rd_status rd_report_write_index(FILE *f, const char *title, const rd_report_entry *e, int n,
                                rd_error *err) {
    rep r = {.f = f};
    out(&r, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    text(&r, title);
    out(&r, "</title>\n<style>%s</style>\n</head>\n<body>\n<header><h1>", CSS);
    text(&r, title);
    out(&r,
        "</h1><p>%d inputs &middot; made by rondo</p></header>\n<main>\n<table id=\"index\">"
        "<thead><tr><th scope=\"col\">Input</th><th scope=\"col\">Status</th>"
        "<th scope=\"col\">Cost</th><th scope=\"col\">Routes</th><th scope=\"col\">Left out"
        "</th><th scope=\"col\">Time</th><th scope=\"col\">Plan</th><th scope=\"col\">Report"
        "</th></tr></thead><tbody>\n",
        n);
    for (int i = 0; i < n; i++) {
        out(&r, "<tr data-input=\"");
        text(&r, e[i].input);
        out(&r, "\"><td>");
        text(&r, e[i].input);
        out(&r, "</td><td>");
        text(&r, e[i].status);
        out(&r, "</td><td class=\"n\">");
        if (e[i].cost) {
            text(&r, e[i].cost);
            out(&r, "</td><td class=\"n\">%d</td><td class=\"n\">%d", e[i].routes, e[i].unassigned);
        } else {
            out(&r, "</td><td></td><td>");
        }
        out(&r, "</td><td class=\"n\">%.1f s</td><td>", e[i].seconds);
        const char *links[2] = {e[i].plan, e[i].report};
        for (int l = 0; l < 2; l++) {
            if (links[l]) {
                out(&r, "<a href=\"");
                text(&r, links[l]);
                out(&r, "\">");
                text(&r, links[l]);
                out(&r, "</a>");
            }
            out(&r, l ? "</td></tr>\n" : "</td><td>");
        }
    }
    out(&r, "</tbody></table>\n</main>\n</body>\n</html>\n");
    return ferror(f) ? rd_err(err, RD_ERR_INTERNAL, "writing the index failed") : RD_OK;
}
