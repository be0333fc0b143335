/* http: the routing servers' HTTP transport over libcurl's multi interface (see http.h). */
#include "io/http.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static size_t on_body(char *data, size_t size, size_t nmemb, void *user) {
    rd_http_req *r = user;
    size_t k = size * nmemb;
    if (r->len + k > r->limit) {
        r->overflow = 1;
        return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
    }
    if (r->len + k + 1 > r->cap) {
        size_t nc = r->cap ? r->cap : 4096;
        while (nc < r->len + k + 1) nc *= 2;
        char *p = realloc(r->buf, nc);
        if (!p) return 0;
        r->buf = p;
        r->cap = nc;
    }
    memcpy(r->buf + r->len, data, k);
    r->len += k;
    r->buf[r->len] = '\0';
    return k;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *user) {
    rd_http_req *r = user;
    size_t k = size * nmemb;
    static const char name[] = "retry-after:";
    if (k > sizeof name - 1 && !strncasecmp(data, name, sizeof name - 1)) {
        char v[32];
        size_t vl = k - (sizeof name - 1);
        if (vl >= sizeof v) vl = sizeof v - 1;
        memcpy(v, data + sizeof name - 1, vl);
        v[vl] = '\0';
        char *end;
        long s = strtol(v, &end, 10); /* seconds; an HTTP date falls back to the backoff */
        while (*end == ' ' || *end == '\r' || *end == '\n') end++;
        if (end != v && !*end && s >= 0) r->retry_after_s = s;
    }
    return k;
}

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void rd_http_req_free(rd_http_req *r) {
    if (!r) return;
    free(r->url);
    free(r->body);
    free(r->buf);
    r->url = r->body = r->buf = NULL;
    r->len = r->cap = 0;
}

/* One rd_http_run call. */
typedef struct run {
    const rd_http_opts *o;
    rd_http_req *const *reqs;
    int nreq, n_groups;
    rd_status *gst; /* [n_groups] */
    rd_error *gerr; /* [n_groups] */
    CURLM *multi;   /* the one multi handle */
    struct curl_slist *hdrs;
    int active; /* requests in flight */
    int left;   /* requests neither done nor abandoned */
    rd_http_answer_fn on_answer;
    void *user;
} run;

/* Takes r's handle out of the multi handle, if it has one. */
static void detach(run *s, rd_http_req *r) {
    if (!r->h) return;
    curl_multi_remove_handle(s->multi, r->h);
    curl_easy_cleanup(r->h);
    r->h = NULL;
    s->active--;
}

/* Ends group g with status st (its message already in s->gerr[g]): its
 * requests in flight are dropped, the others abandoned. */
static void fail_group(run *s, int g, rd_status st) {
    if (s->gst[g] == RD_OK) s->gst[g] = st;
    for (int k = 0; k < s->nreq; k++) {
        rd_http_req *r = s->reqs[k];
        if (r->group != g || r->done) continue;
        detach(s, r);
        r->done = 1;
        s->left--;
    }
}

static rd_status start(run *s, rd_http_req *r) {
    const rd_http_opts *o = s->o;
    CURL *h = curl_easy_init();
    if (!h) return rd_err(&s->gerr[r->group], RD_ERR_NOMEM, "out of memory (curl_easy_init)");
    r->len = 0;
    r->overflow = 0;
    r->retry_after_s = -1;
    r->limit = o->max_response;
    r->attempts++;
    curl_easy_setopt(h, CURLOPT_URL, r->url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(h, CURLOPT_PRIVATE, r);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); /* gzip/deflate when offered */
    curl_easy_setopt(h, CURLOPT_USERAGENT, "rondo");
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    if ((curl_off_t)o->max_response > 0)
        curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_response);
    if (r->body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, s->hdrs);
    }
    if (curl_multi_add_handle(s->multi, h) != CURLM_OK) {
        curl_easy_cleanup(h);
        return rd_err(&s->gerr[r->group], RD_ERR_INTERNAL, "curl_multi_add_handle failed");
    }
    r->h = h;
    s->active++;
    return RD_OK;
}

/* Decides what a finished transfer means: RD_OK with r->done (read by
 * on_answer), RD_OK with a retry scheduled (r->not_before_ms), or an error. */
static rd_status finish(run *s, rd_http_req *r, CURLcode cc) {
    const rd_http_opts *o = s->o;
    rd_error *err = &s->gerr[r->group];
    long http = 0;
    curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &http);
    int retry = 0;
    char why[160];
    if (cc != CURLE_OK) {
        if (r->overflow || cc == CURLE_FILESIZE_EXCEEDED)
            return rd_err(err, RD_ERR_ROUTING, "%s: answer from %s is larger than the %zu-byte cap",
                          o->label, r->where, o->max_response);
        if (cc == CURLE_OPERATION_TIMEDOUT)
            return rd_err(err, RD_ERR_ROUTING, "%s: %s: no answer within %ld ms (timeout)",
                          o->label, r->where, o->timeout_ms);
        if (cc == CURLE_OUT_OF_MEMORY || cc == CURLE_WRITE_ERROR)
            return rd_err(err, RD_ERR_NOMEM, "out of memory reading a routing answer");
        snprintf(why, sizeof why, "%s", curl_easy_strerror(cc));
        retry = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
                cc == CURLE_RECV_ERROR || cc == CURLE_SEND_ERROR || cc == CURLE_GOT_NOTHING ||
                cc == CURLE_PARTIAL_FILE;
        if (!retry) return rd_err(err, RD_ERR_ROUTING, "%s: %s: %s", o->label, r->where, why);
    } else if (http == 429 || (http >= 500 && http <= 599)) {
        snprintf(why, sizeof why, "HTTP %ld", http);
        retry = 1;
    }
    if (retry) {
        if (r->attempts > o->retries)
            return rd_err(err, RD_ERR_ROUTING, "%s: %s: %s after %d attempts", o->label, r->where,
                          why, r->attempts);
        int64_t wait = o->backoff_ms;
        for (int k = 1; k < r->attempts && wait < o->max_wait_ms; k++) wait *= 2;
        if (http == 429 && r->retry_after_s >= 0) wait = (int64_t)r->retry_after_s * 1000;
        if (wait > o->max_wait_ms) wait = o->max_wait_ms;
        r->not_before_ms = now_ms() + wait;
        return RD_OK;
    }
    rd_status st = s->on_answer(s->user, r, http, err);
    if (st == RD_OK) r->done = 1;
    return st;
}

/* Starts what may start: requests in index order whose wait (if any) is over, up
 * to max_parallel in flight. Returns the earliest time a waiting retry may go
 * (-1: none). */
static int64_t start_ready(run *s) {
    int64_t now = now_ms(), wake = -1;
    for (int k = 0; k < s->nreq && s->active < s->o->max_parallel; k++) {
        rd_http_req *r = s->reqs[k];
        if (r->done || r->h) continue;
        if (r->not_before_ms > now) {
            if (wake < 0 || r->not_before_ms < wake) wake = r->not_before_ms;
            continue;
        }
        rd_status st = start(s, r);
        if (st != RD_OK) fail_group(s, r->group, st);
    }
    return wake;
}

/* Reads the transfers that ended. */
static void collect(run *s) {
    CURLMsg *m;
    int q;
    while ((m = curl_multi_info_read(s->multi, &q))) {
        if (m->msg != CURLMSG_DONE) continue;
        char *pv = NULL;
        curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &pv);
        rd_http_req *r = (rd_http_req *)pv;
        rd_status st = finish(s, r, m->data.result);
        detach(s, r);
        if (st != RD_OK)
            fail_group(s, r->group, st); /* removes the group's other handles and messages */
        else if (r->done)
            s->left--;
    }
}

/* Every unfinished group fails with status st and the message msg. */
static void fail_all(run *s, rd_status st, const char *msg) {
    for (int g = 0; g < s->n_groups; g++) {
        int open = 0;
        for (int k = 0; k < s->nreq && !open; k++)
            open = s->reqs[k]->group == g && !s->reqs[k]->done;
        if (!open || s->gst[g] != RD_OK) continue;
        fail_group(s, g, rd_err(&s->gerr[g], st, "%s", msg));
    }
}

rd_status rd_http_run(const rd_http_opts *o, rd_http_req *const *reqs, int nreq, int n_groups,
                      rd_status *group_st, rd_error *group_err, rd_http_answer_fn on_answer,
                      void *user) {
    run s = {o, reqs, nreq, n_groups, group_st, group_err, NULL, NULL, 0, 0, on_answer, user};
    for (int g = 0; g < n_groups; g++) {
        group_st[g] = RD_OK;
        rd_error_clear(&group_err[g]);
    }
    for (int k = 0; k < nreq; k++) s.left += !reqs[k]->done;
    s.multi = curl_multi_init();
    s.hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    if (!s.multi || !s.hdrs) fail_all(&s, RD_ERR_NOMEM, "out of memory");
    int next = 0; /* the first request never sent (later ones are not either) */
    while (s.left > 0) {
        if (o->cancel && *o->cancel) {
            fail_all(&s, RD_ERR_ROUTING, "interrupted before any plan exists");
            break;
        }
        int64_t wake = start_ready(&s);
        int running;
        curl_multi_perform(s.multi, &running);
        collect(&s);
        if (s.left == 0) break;
        while (next < nreq && (reqs[next]->attempts > 0 || reqs[next]->done)) next++;
        if (next < nreq && s.active < o->max_parallel) continue; /* a slot is free: fill it */
        int timeout = 100; /* at most: the cancel flag is looked at every 100 ms */
        if (wake >= 0) {
            int64_t w = wake - now_ms();
            if (w < timeout) timeout = w < 0 ? 0 : (int)w;
        }
        if (s.active > 0)
            curl_multi_poll(s.multi, NULL, 0, timeout, NULL);
        else if (timeout > 0) {
            struct timespec ts = {timeout / 1000, (long)(timeout % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
    }
    for (int k = 0; k < nreq; k++) detach(&s, reqs[k]);
    if (s.multi) curl_multi_cleanup(s.multi);
    curl_slist_free_all(s.hdrs);
    for (int g = 0; g < n_groups; g++)
        if (group_st[g] != RD_OK) return group_st[g];
    return RD_OK;
}
