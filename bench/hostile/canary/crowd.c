// crowd PORT N : N text-protocol readers in lobby, 10 per source address 127.0.(1+a/250).(1+a%250)
// Reads everything with large recv; prints progress; on SIGTERM/SIGINT prints FINAL stats.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>

static volatile sig_atomic_t stop = 0;
static void on_sig(int s) { (void)s; stop = 1; }
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

enum { S_CONNECTING = 1, S_NAMING, S_JOINED, S_CLOSED };
static char buf[1 << 18];

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: crowd PORT N\n"); return 2; }
  int port = atoi(argv[1]), n = atoi(argv[2]);
  signal(SIGTERM, on_sig); signal(SIGINT, on_sig); signal(SIGPIPE, SIG_IGN);
  int *fd = calloc(n, sizeof(int)); char *st = calloc(n, 1);
  int ep = epoll_create1(0);
  long long bytes = 0, lines = 0; int joined = 0, closed = 0, opened = 0, connected = 0;
  struct sockaddr_in dst = {0}; dst.sin_family = AF_INET; dst.sin_port = htons(port); dst.sin_addr.s_addr = htonl(0x7f000001);
  double t0 = now(), lastp = t0; int allj = 0;
  struct epoll_event evs[1024];
  while (!stop) {
    // open more while fewer than 300 are waiting for a name
    while (opened < n && (opened - joined - closed) < 300) {
      int i = opened++;
      int a = i / 10;
      int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      if (s < 0) { perror("socket"); return 1; }
      struct sockaddr_in src = {0}; src.sin_family = AF_INET;
      src.sin_addr.s_addr = htonl(0x7f000000u | ((1 + a / 250) << 8) | (1 + a % 250));
      if (bind(s, (struct sockaddr *)&src, sizeof src) < 0) { perror("bind"); return 1; }
      int r = connect(s, (struct sockaddr *)&dst, sizeof dst);
      if (r < 0 && errno != EINPROGRESS) { perror("connect"); st[i] = S_CLOSED; closed++; close(s); continue; }
      fd[i] = s; st[i] = S_CONNECTING;
      struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.u32 = i };
      epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
    }
    int k = epoll_wait(ep, evs, 1024, 200);
    for (int e = 0; e < k; e++) {
      int i = evs[e].data.u32, s = fd[i];
      if (st[i] == S_CONNECTING && (evs[e].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
        int err = 0; socklen_t l = sizeof err; getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &l);
        if (err) { st[i] = S_CLOSED; closed++; close(s); continue; }
        char name[32]; int m = snprintf(name, sizeof name, "u%05d\r\n", i);
        if (write(s, name, m) != m) { st[i] = S_CLOSED; closed++; close(s); continue; }
        st[i] = S_NAMING; connected++;
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = i };
        epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev);
        continue;
      }
      if (evs[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
        ssize_t r = recv(s, buf, sizeof buf, 0);
        if (r > 0) {
          bytes += r;
          for (char *p = buf, *end = buf + r; (p = memchr(p, '\n', end - p)); p++) lines++;
          if (st[i] == S_NAMING && memmem(buf, r, "*** Hello ", 10)) { st[i] = S_JOINED; joined++; }
        } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          if (st[i] == S_JOINED) joined--;
          st[i] = S_CLOSED; closed++; close(s);
        }
      }
    }
    double t = now();
    if (!allj && joined == n) { allj = 1; printf("ALLJOINED %.2f\n", t - t0); fflush(stdout); }
    if (t - lastp >= 1.0) {
      lastp = t;
      printf("STAT t=%.1f opened=%d connected=%d joined=%d closed=%d bytes=%lld lines=%lld\n", t - t0, opened, connected, joined, closed, bytes, lines);
      fflush(stdout);
    }
  }
  printf("FINAL joined=%d closed=%d bytes=%lld lines=%lld\n", joined, closed, bytes, lines);
  fflush(stdout);
  return 0;
}
