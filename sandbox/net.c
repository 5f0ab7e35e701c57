/* net.c — inside a new network namespace: lo brought up (it starts down)
 * so local IPC over 127.0.0.1 works, and, for Network=isolated, the
 * routing rules that refuse what the sandbox may not reach. Child side,
 * fork-safe: no allocation. */
#include "config.h"

#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net.h"

int
sbox_net_loopback_up (void)
{
  struct ifreq ifr;
  int fd = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  memset (&ifr, 0, sizeof ifr);
  strcpy (ifr.ifr_name, "lo");
  int ret = ioctl (fd, SIOCGIFFLAGS, &ifr);
  if (ret == 0 && !(ifr.ifr_flags & IFF_UP))
    {
      ifr.ifr_flags |= IFF_UP;
      ret = ioctl (fd, SIOCSIFFLAGS, &ifr);
    }
  int errsv = errno;
  close (fd);
  errno = errsv;
  return ret;
}

/* Exceptions go first, then the refusals; both ahead of the main table
 * (32766), whose on-link routes would otherwise win for the host's own
 * networks: a rule is consulted before any route. */
#define PRIORITY_EXCEPTION 100
#define PRIORITY_PROHIBIT 200

typedef struct
{
  struct nlmsghdr nh;
  struct fib_rule_hdr frh;
  char attrs[128];
} RuleRequest;

static void
add_attr (RuleRequest *req, unsigned short type, const void *data, unsigned short len)
{
  struct rtattr *rta = (struct rtattr *) (void *) ((char *) req + NLMSG_ALIGN (req->nh.nlmsg_len));
  rta->rta_type = type;
  rta->rta_len = (unsigned short) RTA_LENGTH (len);
  memcpy (RTA_DATA (rta), data, len);
  req->nh.nlmsg_len = NLMSG_ALIGN (req->nh.nlmsg_len) + RTA_ALIGN (rta->rta_len);
}

static int
send_rule (int fd, const SboxNetRule *rule, unsigned int seq)
{
  RuleRequest req;
  memset (&req, 0, sizeof req);
  req.nh.nlmsg_len = NLMSG_LENGTH (sizeof req.frh);
  req.nh.nlmsg_type = RTM_NEWRULE;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
  req.nh.nlmsg_seq = seq;
  req.frh.family = (unsigned char) rule->family;
  req.frh.dst_len = rule->prefix;
  req.frh.table = RT_TABLE_MAIN;
  req.frh.action = rule->dns_only ? FR_ACT_TO_TBL : FR_ACT_PROHIBIT;
  __u32 priority = rule->dns_only ? PRIORITY_EXCEPTION : PRIORITY_PROHIBIT;
  add_attr (&req, FRA_PRIORITY, &priority, sizeof priority);
  if (rule->prefix > 0)
    add_attr (&req, FRA_DST, rule->addr, rule->family == AF_INET ? 4 : 16);
  if (rule->dns_only)
    {
      __u32 table = RT_TABLE_MAIN;
      __u8 proto = IPPROTO_UDP;
      struct fib_rule_port_range port = { 53, 53 };
      add_attr (&req, FRA_TABLE, &table, sizeof table);
      add_attr (&req, FRA_IP_PROTO, &proto, sizeof proto);
      add_attr (&req, FRA_DPORT_RANGE, &port, sizeof port);
    }
  if (send (fd, &req, req.nh.nlmsg_len, 0) != (ssize_t) req.nh.nlmsg_len)
    return -1;
  union
  {
    struct nlmsghdr nh;
    char bytes[512];
  } answer;
  ssize_t n;
  while ((n = recv (fd, &answer, sizeof answer, 0)) < 0 && errno == EINTR)
    ;
  if (n < (ssize_t) NLMSG_LENGTH (sizeof (struct nlmsgerr)) || answer.nh.nlmsg_type != NLMSG_ERROR)
    {
      errno = EPROTO;
      return -1;
    }
  const struct nlmsgerr *err = NLMSG_DATA (&answer.nh);
  if (err->error == 0)
    return 0;
  errno = -err->error;
  return -1;
}

int
sbox_net_apply_rules (const SboxNetRules *rules, guint *failed)
{
  int fd = socket (AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0)
    return -1;
  int ret = 0;
  for (guint i = 0; ret == 0 && i < rules->n; i++)
    {
      ret = send_rule (fd, &rules->rule[i], i + 1);
      /* The same rule twice (two host addresses on one network) is one;
       * IPv6 turned off in this kernel leaves nothing to refuse. */
      if (ret != 0 && errno == EEXIST)
        ret = 0;
      if (ret != 0 && errno == EAFNOSUPPORT && rules->rule[i].family == AF_INET6)
        ret = 0;
      if (ret != 0)
        *failed = i;
    }
  int errsv = errno;
  close (fd);
  errno = errsv;
  return ret;
}
