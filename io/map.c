#include "io/map.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/geo.h"
#include "model/eval.h"

static rd_status nomem(rd_error *err) {
    return rd_err(err, RD_ERR_NOMEM, "out of memory");
}

void rd_map_free(rd_map *m) {
    if (!m) return;
    for (int r = 0; m->routes && r < m->n_routes; r++) {
        free(m->routes[r].stops);
        free(m->routes[r].path);
    }
    for (int u = 0; m->unassigned && u < m->n_unassigned; u++) free(m->unassigned[u].reason);
    free(m->routes);
    free(m->unassigned);
    memset(m, 0, sizeof *m);
}

/* ---- from a JSON answer ---- */

/* Fills the stop's position from location index `li` of `c`. */
static rd_status place(const rd_map_coords *c, const json_t *li, rd_map_stop *st, rd_error *err) {
    if (!json_is_integer(li)) return rd_err(err, RD_ERR_INTERNAL, "answer: location_index missing");
    json_int_t l = json_integer_value(li);
    if (l < 0 || l >= c->n || !c->has[l])
        return rd_err(err, RD_ERR_INPUT, "location %" PRId64 " has no coordinates", (int64_t)l);
    st->lon = c->lonlat[2 * l];
    st->lat = c->lonlat[2 * l + 1];
    st->x = c->xy[2 * l];
    st->y = c->xy[2 * l + 1];
    return RD_OK;
}

static void read_common(const json_t *o, rd_map_stop *st) {
    const char *ty = json_string_value(json_object_get(o, "type"));
    snprintf(st->type, sizeof st->type, "%s", ty ? ty : "");
    st->id = (int64_t)json_integer_value(json_object_get(o, "id"));
    st->arrival = json_number_value(json_object_get(o, "arrival"));
    json_t *load = json_object_get(o, "load");
    for (size_t d = 0; d < json_array_size(load) && d < RD_MAX_DIMS; d++)
        st->load[st->n_load++] = (int64_t)json_integer_value(json_array_get(load, d));
}

/* The road path of route `ro` (its `geometry`, precision 5) into mr->path. A
 * route without one (a location without coordinates) keeps straight lines. */
static rd_status read_path(const json_t *ro, rd_map_route *mr, rd_error *err) {
    const json_t *g = json_object_get(ro, "geometry");
    if (!g) return RD_OK;
    if (!json_is_string(g)) return rd_err(err, RD_ERR_INTERNAL, "answer: geometry not a string");
    double *lat = NULL, *lon = NULL;
    int n = 0;
    rd_status st =
        rd_geo_polyline_decode(json_string_value(g), json_string_length(g), 5, &lat, &lon, &n, err);
    if (st == RD_OK && n >= 2) {
        if (!(mr->path = malloc((size_t)n * 2 * sizeof *mr->path))) {
            st = nomem(err);
        } else {
            for (int k = 0; k < n; k++) {
                mr->path[2 * k] = lon[k];
                mr->path[2 * k + 1] = lat[k];
            }
            mr->n_path = n;
        }
    } else if (st == RD_ERR_INPUT) {
        char why[RD_ERROR_MSG_MAX]; /* err->msg cannot be both source and target */
        snprintf(why, sizeof why, "%s", err->msg);
        st = rd_err(err, RD_ERR_INTERNAL, "answer: vehicle %" PRId64 ": geometry: %s", mr->vehicle,
                    why);
    }
    free(lat);
    free(lon);
    return st;
}

static rd_status from_answer(const json_t *a, const rd_map_coords *c, rd_map *out, rd_error *err) {
    if (!json_is_object(a) || json_integer_value(json_object_get(a, "code")) != 0)
        return rd_err(err, RD_ERR_INTERNAL, "answer: not a plan (code 0)");
    const json_t *routes = json_object_get(a, "routes"), *un = json_object_get(a, "unassigned");
    out->geographic = 1;
    out->planar = c->planar;
    out->cost = json_number_value(json_object_get(json_object_get(a, "summary"), "cost"));
    size_t nr = json_array_size(routes), nu = json_array_size(un);
    out->routes = calloc(nr ? nr : 1, sizeof *out->routes);
    out->unassigned = calloc(nu ? nu : 1, sizeof *out->unassigned);
    if (!out->routes || !out->unassigned) return nomem(err);
    for (size_t r = 0; r < nr; r++) {
        const json_t *ro = json_array_get(routes, r), *steps = json_object_get(ro, "steps");
        rd_map_route *mr = &out->routes[out->n_routes++];
        mr->vehicle = (int64_t)json_integer_value(json_object_get(ro, "vehicle"));
        mr->cost = json_number_value(json_object_get(ro, "cost"));
        const json_t *dist = json_object_get(ro, "distance");
        mr->distance = dist ? json_number_value(dist) : -1;
        size_t ns = json_array_size(steps);
        mr->stops = calloc(ns ? ns : 1, sizeof *mr->stops);
        if (!mr->stops) return nomem(err);
        for (size_t k = 0; k < ns; k++) {
            const json_t *so = json_array_get(steps, k),
                         *li = json_object_get(so, "location_index");
            if (!li) continue; /* a break: no location */
            rd_map_stop *st = &mr->stops[mr->n_stops];
            RD_TRY(place(c, li, st, err));
            read_common(so, st);
            st->step = (int)k;
            if (!strcmp(st->type, "start") || !strcmp(st->type, "end")) st->id = mr->vehicle;
            mr->n_stops++;
        }
        if (c->road_paths) RD_TRY(read_path(ro, mr, err));
    }
    for (size_t u = 0; u < nu; u++) {
        const json_t *uo = json_array_get(un, u), *li = json_object_get(uo, "location_index");
        if (!li) continue; /* breaks are never unassigned; be safe */
        rd_map_stop *st = &out->unassigned[out->n_unassigned];
        RD_TRY(place(c, li, st, err));
        read_common(uo, st);
        st->step = (int)u;
        const char *why = json_string_value(json_object_get(uo, "reason"));
        st->reason = strdup(why ? why : "");
        if (!st->reason) return nomem(err);
        out->n_unassigned++;
    }
    int paths = 0;
    for (int r = 0; r < out->n_routes; r++) paths |= out->routes[r].n_path > 0;
    if (paths && out->planar) { /* the road paths are WGS84: draw everything in lon/lat */
        out->planar = 0;
        for (int r = 0; r < out->n_routes; r++)
            for (int k = 0; k < out->routes[r].n_stops; k++) {
                rd_map_stop *st = &out->routes[r].stops[k];
                st->x = st->lon, st->y = st->lat;
            }
        for (int u = 0; u < out->n_unassigned; u++)
            out->unassigned[u].x = out->unassigned[u].lon,
            out->unassigned[u].y = out->unassigned[u].lat;
    }
    return RD_OK;
}

rd_status rd_map_from_answer(const char *text, size_t len, const rd_map_coords *c, rd_map *out,
                             rd_error *err) {
    memset(out, 0, sizeof *out);
    json_error_t je;
    json_t *a = json_loadb(text, len, 0, &je);
    if (!a) return rd_err(err, RD_ERR_INTERNAL, "answer: not JSON (%s)", je.text);
    rd_status st = from_answer(a, c, out, err);
    json_decref(a);
    return st;
}

/* ---- from a benchmark solution ---- */

rd_status rd_map_from_solution(const rd_model *m, const rd_solution *s, rd_map *out,
                               rd_error *err) {
    memset(out, 0, sizeof *out);
    out->planar = 1;
    if (!m->x || !m->y)
        return rd_err(err, RD_ERR_INPUT, "%s has no coordinates (an explicit matrix)", m->name);
    static const char *const kind[4] = {"job", "pickup", "delivery", "break"};
    const double sc = (double)m->scale;
    int maxlen = 0;
    for (int r = 0; r < s->n_routes; r++)
        if (s->routes[r].len > maxlen) maxlen = s->routes[r].len;
    rd_step_eval *ev = malloc((size_t)(maxlen + 2) * sizeof *ev);
    out->routes = calloc((size_t)(s->n_routes ? s->n_routes : 1), sizeof *out->routes);
    out->unassigned =
        calloc((size_t)(s->n_unassigned ? s->n_unassigned : 1), sizeof *out->unassigned);
    rd_status st = RD_OK;
    if (!ev || !out->routes || !out->unassigned) {
        st = nomem(err);
        goto done;
    }
    for (int r = 0; r < s->n_routes; r++) {
        const rd_route *rt = &s->routes[r];
        if (rt->len == 0) continue;
        int n = 0;
        if ((st = rd_eval_route_steps(m, rt, ev, &n, err)) != RD_OK) goto done;
        rd_map_route *mr = &out->routes[out->n_routes++];
        mr->vehicle = m->vehicles[rt->vehicle].id;
        mr->stops = calloc((size_t)(n ? n : 1), sizeof *mr->stops);
        if (!mr->stops) {
            st = nomem(err);
            goto done;
        }
        int64_t fixed = m->vehicles[rt->vehicle].fixed_cost;
        mr->cost = n ? (double)(ev[n - 1].cost + fixed) / sc : 0;
        mr->distance = n ? (double)ev[n - 1].distance / sc : 0;
        out->cost += mr->cost;
        for (int k = 0; k < n; k++) {
            if (ev[k].loc < 0) continue;
            rd_map_stop *so = &mr->stops[mr->n_stops++];
            so->step = k;
            so->x = m->x[ev[k].loc];
            so->y = m->y[ev[k].loc];
            const char *ty = ev[k].kind == RD_STEP_START ? "start"
                             : ev[k].kind == RD_STEP_END ? "end"
                                                         : kind[m->task_kind[ev[k].task]];
            snprintf(so->type, sizeof so->type, "%s", ty);
            so->id = ev[k].task >= 0 ? m->task_id[ev[k].task] : mr->vehicle;
            so->arrival = (double)ev[k].arrival / sc;
            so->n_load = m->n_dims;
            for (int d = 0; d < m->n_dims; d++) so->load[d] = ev[k].load[d];
        }
    }
    for (int u = 0; u < s->n_unassigned; u++) {
        int t = s->unassigned[u].task, l = m->task_loc[t];
        if (l < 0) continue;
        rd_map_stop *so = &out->unassigned[out->n_unassigned];
        so->x = m->x[l];
        so->y = m->y[l];
        snprintf(so->type, sizeof so->type, "%s", kind[m->task_kind[t]]);
        so->id = m->task_id[t];
        so->reason = strdup(s->unassigned[u].reason ? s->unassigned[u].reason : "");
        if (!so->reason) {
            st = nomem(err);
            goto done;
        }
        out->n_unassigned++;
    }
done:
    free(ev);
    return st;
}

/* ---- GeoJSON ---- */

static json_t *point(double lon, double lat) {
    json_t *g = json_object(), *c = json_array();
    json_array_append_new(c, json_real(lon));
    json_array_append_new(c, json_real(lat));
    json_object_set_new(g, "type", json_string("Point"));
    json_object_set_new(g, "coordinates", c);
    return g;
}

static json_t *feature(json_t *geometry, json_t *props) {
    json_t *f = json_object();
    json_object_set_new(f, "type", json_string("Feature"));
    json_object_set_new(f, "geometry", geometry);
    json_object_set_new(f, "properties", props);
    return f;
}

/* A number as JSON: an integer when it is one (costs, metres, seconds). */
static json_t *num(double v) {
    if (v == floor(v) && fabs(v) < 9e15) return json_integer((json_int_t)v);
    return json_real(v);
}

rd_status rd_map_write_geojson(FILE *f, const rd_map *m, rd_error *err) {
    if (!m->geographic)
        return rd_err(err, RD_ERR_INPUT, "GeoJSON needs [lon, lat] coordinates (WGS84)");
    json_t *root = json_object(), *feats = json_array(), *sum = json_object();
    if (!root || !feats || !sum) {
        json_decref(root);
        json_decref(feats);
        json_decref(sum);
        return nomem(err);
    }
    json_object_set_new(root, "type", json_string("FeatureCollection"));
    json_object_set_new(sum, "cost", num(m->cost));
    json_object_set_new(sum, "routes", json_integer(m->n_routes));
    json_object_set_new(sum, "unassigned", json_integer(m->n_unassigned));
    json_object_set_new(root, "summary", sum);
    for (int r = 0; r < m->n_routes; r++) {
        const rd_map_route *mr = &m->routes[r];
        json_t *line = json_object(), *coords = json_array(), *p = json_object();
        int np = mr->n_path ? mr->n_path : mr->n_stops; /* the road path, else the stops */
        for (int k = 0; k < np; k++) {
            json_t *c = json_array();
            json_array_append_new(c, json_real(mr->n_path ? mr->path[2 * k] : mr->stops[k].lon));
            json_array_append_new(c,
                                  json_real(mr->n_path ? mr->path[2 * k + 1] : mr->stops[k].lat));
            json_array_append_new(coords, c);
        }
        json_object_set_new(line, "type", json_string("LineString"));
        json_object_set_new(line, "coordinates", coords);
        json_object_set_new(p, "kind", json_string("route"));
        json_object_set_new(p, "vehicle", json_integer(mr->vehicle));
        json_object_set_new(p, "cost", num(mr->cost));
        if (mr->distance >= 0) json_object_set_new(p, "distance", num(mr->distance));
        int tasks = 0;
        for (int k = 0; k < mr->n_stops; k++)
            tasks += strcmp(mr->stops[k].type, "start") && strcmp(mr->stops[k].type, "end");
        json_object_set_new(p, "stops", json_integer(tasks));
        json_array_append_new(feats, feature(line, p));
        for (int k = 0; k < mr->n_stops; k++) {
            const rd_map_stop *s = &mr->stops[k];
            json_t *sp = json_object(), *load = json_array();
            json_object_set_new(sp, "kind", json_string("stop"));
            json_object_set_new(sp, "vehicle", json_integer(mr->vehicle));
            json_object_set_new(sp, "type", json_string(s->type));
            if (strcmp(s->type, "start") && strcmp(s->type, "end"))
                json_object_set_new(sp, "id", json_integer(s->id));
            json_object_set_new(sp, "sequence", json_integer(k));
            json_object_set_new(sp, "arrival", num(s->arrival));
            for (int d = 0; d < s->n_load; d++)
                json_array_append_new(load, json_integer(s->load[d]));
            json_object_set_new(sp, "load", load);
            json_array_append_new(feats, feature(point(s->lon, s->lat), sp));
        }
    }
    for (int u = 0; u < m->n_unassigned; u++) {
        const rd_map_stop *s = &m->unassigned[u];
        json_t *up = json_object();
        json_object_set_new(up, "kind", json_string("unassigned"));
        json_object_set_new(up, "type", json_string(s->type));
        json_object_set_new(up, "id", json_integer(s->id));
        json_object_set_new(up, "reason", json_string(s->reason ? s->reason : ""));
        json_array_append_new(feats, feature(point(s->lon, s->lat), up));
    }
    json_object_set_new(root, "features", feats);
    int bad =
        json_dumpf(root, f, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(10)) != 0 ||
        fputc('\n', f) == EOF;
    json_decref(root);
    return bad ? rd_err(err, RD_ERR_INTERNAL, "writing the GeoJSON failed") : RD_OK;
}

/* ---- SVG ---- */

#define SVG_W      800.0 /* picture width, px */
#define SVG_MARGIN 30.0
#define LEGEND_ROW 18.0

static const char *const PALETTE[10] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                        "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#7f7f7f"};

void rd_map_xml_text(FILE *f, const char *s) {
    for (; s && *s; s++) switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default: fputc(*s, f);
        }
}

double rd_map_frame_x(const rd_map_frame *fr, double x) {
    return fr->margin + (x - fr->x0) * fr->kx * fr->scale;
}
double rd_map_frame_y(const rd_map_frame *fr, double y) {
    return fr->margin + (fr->y1 - y) * fr->scale;
}

int rd_map_line_len(const rd_map_route *mr) {
    return mr->n_path ? mr->n_path : mr->n_stops;
}
void rd_map_line_point(const rd_map_route *mr, int k, double *x, double *y) {
    *x = mr->n_path ? mr->path[2 * k] : mr->stops[k].x;
    *y = mr->n_path ? mr->path[2 * k + 1] : mr->stops[k].y;
}

static void widen(double x, double y, double *box) {
    box[0] = fmin(box[0], x), box[1] = fmax(box[1], x);
    box[2] = fmin(box[2], y), box[3] = fmax(box[3], y);
}

void rd_map_frame_fit(const rd_map *m, double width, double margin, rd_map_frame *fr) {
    double box[4] = {INFINITY, -INFINITY, INFINITY, -INFINITY}; /* x0, x1, y0, y1 */
    for (int r = 0; r < m->n_routes; r++) {
        const rd_map_route *mr = &m->routes[r];
        for (int k = 0; k < mr->n_stops; k++) widen(mr->stops[k].x, mr->stops[k].y, box);
        for (int k = 0; k < rd_map_line_len(mr); k++) { /* a road may leave the stops' box */
            double x, y;
            rd_map_line_point(mr, k, &x, &y);
            widen(x, y, box);
        }
    }
    for (int u = 0; u < m->n_unassigned; u++) widen(m->unassigned[u].x, m->unassigned[u].y, box);
    if (!(box[0] <= box[1])) box[0] = box[1] = box[2] = box[3] = 0; /* nothing to draw */
    fr->x0 = box[0];
    fr->y1 = box[3];
    fr->kx = m->planar ? 1.0 : cos((box[2] + box[3]) / 2 * 3.14159265358979323846 / 180);
    fr->margin = margin;
    double w = (box[1] - box[0]) * fr->kx, h = box[3] - box[2], span = fmax(w, h);
    fr->scale = span > 0 ? (width - 2 * margin) / span : 1;
    fr->height = h * fr->scale + 2 * margin;
}

static void load_text(FILE *f, const rd_map_stop *s) {
    fputc('[', f);
    for (int d = 0; d < s->n_load; d++) fprintf(f, "%s%" PRId64, d ? ", " : "", s->load[d]);
    fputc(']', f);
}

static int is_depot(const rd_map_stop *s) {
    return !strcmp(s->type, "start") || !strcmp(s->type, "end");
}

rd_status rd_map_write_svg(FILE *f, const rd_map *m, rd_error *err) {
    rd_map_frame fr;
    rd_map_frame_fit(m, SVG_W, SVG_MARGIN, &fr);
    double map_h = fr.height;
    int rows = 2 + m->n_routes;
    double height = map_h + rows * LEGEND_ROW + SVG_MARGIN;
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"13\">\n"
            "<title>rondo plan: cost %.15g, %d routes, %d unassigned</title>\n"
            "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
            SVG_W, height, SVG_W, height, m->cost, m->n_routes, m->n_unassigned);
    for (int r = 0; r < m->n_routes; r++) { /* routes first, stops on top */
        const rd_map_route *mr = &m->routes[r];
        fprintf(f,
                "<path class=\"route\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
                "stroke-linejoin=\"round\" d=\"",
                PALETTE[r % 10]);
        for (int k = 0; k < rd_map_line_len(mr); k++) {
            double x, y;
            rd_map_line_point(mr, k, &x, &y);
            fprintf(f, "%s%.1f %.1f", k ? " L" : "M", rd_map_frame_x(&fr, x),
                    rd_map_frame_y(&fr, y));
        }
        fprintf(f, "\"><title>vehicle %" PRId64 ": cost %.15g</title></path>\n", mr->vehicle,
                mr->cost);
    }
    for (int r = 0; r < m->n_routes; r++) {
        const rd_map_route *mr = &m->routes[r];
        for (int k = 0; k < mr->n_stops; k++) {
            const rd_map_stop *s = &mr->stops[k];
            double x = rd_map_frame_x(&fr, s->x), y = rd_map_frame_y(&fr, s->y);
            if (is_depot(s)) {
                fprintf(f,
                        "<rect class=\"depot\" x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" "
                        "fill=\"black\"><title>%s of vehicle %" PRId64 " at %.15g</title></rect>\n",
                        x - 5, y - 5, s->type, mr->vehicle, s->arrival);
                continue;
            }
            fprintf(f,
                    "<circle class=\"stop\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"%s\" "
                    "stroke=\"white\"><title>%s %" PRId64 " (vehicle %" PRId64
                    "): arrival %.15g, load ",
                    x, y, PALETTE[r % 10], s->type, s->id, mr->vehicle, s->arrival);
            load_text(f, s);
            fputs("</title></circle>\n", f);
        }
    }
    for (int u = 0; u < m->n_unassigned; u++) {
        const rd_map_stop *s = &m->unassigned[u];
        double x = rd_map_frame_x(&fr, s->x), y = rd_map_frame_y(&fr, s->y);
        fprintf(f,
                "<g class=\"unassigned\" stroke=\"#d00000\" stroke-width=\"2.5\"><line x1=\"%.1f\" "
                "y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
                "y2=\"%.1f\"/><title>unassigned %s %" PRId64 ": ",
                x - 6, y - 6, x + 6, y + 6, x - 6, y + 6, x + 6, y - 6, s->type, s->id);
        rd_map_xml_text(f, s->reason);
        fputs("</title></g>\n", f);
    }
    /* the legend */
    double ly = map_h + LEGEND_ROW;
    fprintf(f,
            "<text class=\"legend\" x=\"%.0f\" y=\"%.1f\" font-weight=\"bold\">cost %.15g, "
            "%d route%s, %d unassigned</text>\n",
            SVG_MARGIN, ly, m->cost, m->n_routes, m->n_routes == 1 ? "" : "s", m->n_unassigned);
    ly += LEGEND_ROW;
    fprintf(f,
            "<rect x=\"%.0f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"black\"/>"
            "<text x=\"%.0f\" y=\"%.1f\">depot</text>\n"
            "<g stroke=\"#d00000\" stroke-width=\"2.5\"><line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" "
            "y2=\"%.1f\"/><line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/></g>"
            "<text x=\"%.0f\" y=\"%.1f\">unassigned</text>\n",
            SVG_MARGIN, ly - 10, SVG_MARGIN + 16, ly, SVG_MARGIN + 90, ly - 10, SVG_MARGIN + 100,
            ly, SVG_MARGIN + 90, ly, SVG_MARGIN + 100, ly - 10, SVG_MARGIN + 106, ly);
    for (int r = 0; r < m->n_routes; r++) {
        const rd_map_route *mr = &m->routes[r];
        ly += LEGEND_ROW;
        int tasks = 0;
        for (int k = 0; k < mr->n_stops; k++) tasks += !is_depot(&mr->stops[k]);
        fprintf(f,
                "<rect x=\"%.0f\" y=\"%.1f\" width=\"22\" height=\"4\" fill=\"%s\"/>"
                "<text x=\"%.0f\" y=\"%.1f\">vehicle %" PRId64 ": cost %.15g",
                SVG_MARGIN, ly - 6, PALETTE[r % 10], SVG_MARGIN + 30, ly, mr->vehicle, mr->cost);
        if (mr->distance >= 0) {
            if (m->geographic)
                fprintf(f, ", %.1f km", mr->distance / 1000);
            else
                fprintf(f, ", distance %.15g", mr->distance);
        }
        fprintf(f, ", %d stop%s</text>\n", tasks, tasks == 1 ? "" : "s");
    }
    fputs("</svg>\n", f);
    return ferror(f) ? rd_err(err, RD_ERR_INTERNAL, "writing the SVG failed") : RD_OK;
}
