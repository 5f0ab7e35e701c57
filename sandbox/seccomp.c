/* seccomp.c — turns the plan's policy into BPF with libseccomp (binary-tree
 * optimised, other ABIs killed unless multiarch) in the parent, and installs
 * the finished programs in the child with one prctl each: no libseccomp
 * code runs between clone and execve. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "grammar.h"
#include "error.h"
#include "seccomp-sets.h"
#include "seccomp.h"

/* x86_64 numbers of calls newer than libseccomp 2.5 knows (the same on
 * i386: numbers have been shared since 424). */
#define NR_FCHMODAT2 452
#define NR_SETXATTRAT 463
#define AF_FAMILIES_MAX 64

static gboolean
has_feature (const SboxSandbox *sandbox, const char *feature)
{
  for (guint i = 0; i < sandbox->features->len; i++)
    if (g_str_equal (((SboxPlanItem *) g_ptr_array_index (sandbox->features, i))->value, feature))
      return TRUE;
  return FALSE;
}

static gboolean
in_items (GPtrArray *items, const char *name)
{
  gsize len = strlen (name);
  for (guint i = 0; i < items->len; i++)
    {
      const char *v = ((SboxPlanItem *) g_ptr_array_index (items, i))->value;
      if (strncmp (v, name, len) == 0 && (v[len] == '\0' || v[len] == ':'))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_allowlist_policy (const SboxSandbox *sandbox)
{
  return g_str_equal (sandbox->seccomp, "strict") || sandbox->seccomp[0] == '/';
}

static gboolean
fail_rule (GError **error, int ret, const char *what)
{
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "cannot build the seccomp filter (%s): %s",
               what, g_strerror (-ret));
  return FALSE;
}

static scmp_filter_ctx
new_filter (const SboxSandbox *sandbox, uint32_t default_action, GError **error)
{
  scmp_filter_ctx ctx = seccomp_init (default_action);
  if (ctx == NULL)
    {
      fail_rule (error, -ENOMEM, "init");
      return NULL;
    }
  /* 32-bit and x32 calls would reach syscall tables the rules below never
   * name: the whole process dies instead, unless the app needs them. */
  seccomp_attr_set (ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
  seccomp_attr_set (ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
  if (has_feature (sandbox, "multiarch"))
    seccomp_arch_add (ctx, SCMP_ARCH_X86);
  return ctx;
}

/* Unknown to this libseccomp (newer than it): nothing to add. */
static int
add_rule (scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned int count,
          const struct scmp_arg_cmp *args)
{
  int nr = seccomp_syscall_resolve_name (name);
  if (nr == __NR_SCMP_ERROR)
    return 0;
  return seccomp_rule_add_array (ctx, action, nr, count, args);
}

/* A rule for a call; -EEXIST (the same rule twice) is not an error. A
 * call this libseccomp does not know is answered by the program's prefix
 * instead (see guard_prefix). */
static int
add_known_rule (scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned int count,
                const struct scmp_arg_cmp *args)
{
  int ret = add_rule (ctx, action, name, count, args);
  return ret == -EEXIST ? 0 : ret;
}

/* Guarded calls newer than this libseccomp: it can name them for no ABI,
 * so the guard's programs start with a few instructions of their own that
 * answer them ENOSYS (libc falls back to fchmodat, and nothing needs
 * setxattrat). Their numbers are the same for x86_64 and i386 (shared since
 * 424); an x32 number carries bit 30 and never matches. Prepending keeps
 * libseccomp's program intact: BPF jumps are relative and only forward. */
static const struct
{
  const char *name;
  unsigned int nr;
} unnamed_calls[] = {
  { "fchmodat2", NR_FCHMODAT2 },
  { "setxattrat", NR_SETXATTRAT },
};

static void
guard_prefix (const SboxSandbox *sandbox, GArray *prefix)
{
  const struct sock_filter load_nr = BPF_STMT (BPF_LD | BPF_W | BPF_ABS,
                                               offsetof (struct seccomp_data, nr));
  const struct sock_filter enosys = BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
  for (gsize i = 0; i < G_N_ELEMENTS (unnamed_calls); i++)
    {
      if (seccomp_syscall_resolve_name (unnamed_calls[i].name) != __NR_SCMP_ERROR
          || in_items (sandbox->seccomp_allow, unnamed_calls[i].name))
        continue;
      if (prefix->len == 0)
        g_array_append_val (prefix, load_nr);
      const struct sock_filter match = BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, unnamed_calls[i].nr, 0,
                                                 1);
      g_array_append_val (prefix, match);
      g_array_append_val (prefix, enosys);
    }
}

/* The set-id guard, part of every sandbox whatever its policy (none
 * included): no set-uid or set-gid file, and no file capabilities, may be
 * made on storage the host sees. As root the sandbox's files are root's
 * on disk (the idmapped tree), so one `chmod u+s` would leave a set-uid
 * root program behind. --seccomp=none opts out of the syscall policy, not
 * of this guard: a root caller's build stays safe whatever its policy.
 * Each check goes only when the caller names that call in
 * --seccomp-allow (the caller's own, explicit choice).
 *
 * Modes: chmod and its kin, and every call that creates a file with a
 * mode (open/openat/creat with O_CREAT or O_TMPFILE, mknod), are refused
 * EPERM when the mode has S_ISUID or S_ISGID; mknod and mknodat also when
 * it makes a character or block device. The masks lie in the low
 * bits, so high bits in the register change nothing. mkdir is left alone:
 * the kernel drops set-id bits from mkdir's mode, and a directory only
 * inherits set-gid from its parent, which makes files take the
 * directory's group, not run as it; chmod g+s on a directory is refused
 * with the rest (the filter cannot tell a directory from a file).
 * openat2's mode lies in memory the filter cannot read: ENOSYS, and libc
 * falls back to openat.
 *
 * File capabilities: the attribute's name is in memory too, but the kernel
 * accepts security.capability only as a v2 (20-byte) or v3 (24-byte)
 * value and converts it for the writer's namespace: through the idmapped
 * tree a nested user namespace's root would write host-root
 * capabilities. Every xattr value of exactly 20 or 24 bytes is refused
 * EPERM (user.* attributes of those sizes too: the price of not reading
 * the name); setxattrat keeps its size in memory: ENOSYS. io_uring can
 * open with a mode and set xattrs out of the filter's sight: refused.
 *
 * Cost: openat is hot, and a call with an argument check loses the
 * kernel's cached "always allow" verdict: every openat now runs the
 * filter (a binary tree, about +20 ns a call on this kind of machine,
 * against a few microseconds for the open itself). */
static gboolean
add_setid_guard (const SboxSandbox *sandbox, scmp_filter_ctx ctx, GError **error)
{
  const uint32_t eperm = SCMP_ACT_ERRNO (EPERM);
  const scmp_datum_t setid_bits[] = { S_ISUID, S_ISGID };
  const scmp_datum_t creating[] = { O_CREAT, __O_TMPFILE };
  int ret = 0;
  for (const SboxModeCall *c = sbox_seccomp_mode_calls; c->name; c++)
    {
      if (in_items (sandbox->seccomp_allow, c->name))
        continue;
      for (gsize b = 0; b < G_N_ELEMENTS (setid_bits); b++)
        {
          const struct scmp_arg_cmp mode = SCMP_CMP ((unsigned int) c->mode_arg, SCMP_CMP_MASKED_EQ,
                                                     setid_bits[b], setid_bits[b]);
          if (c->flags_arg < 0)
            ret |= add_known_rule (ctx, eperm, c->name, 1, &mode);
          else
            for (gsize f = 0; f < G_N_ELEMENTS (creating); f++)
              {
                const struct scmp_arg_cmp args[] = { SCMP_CMP ((unsigned int) c->flags_arg,
                                                               SCMP_CMP_MASKED_EQ, creating[f],
                                                               creating[f]),
                                                     mode };
                ret |= add_known_rule (ctx, eperm, c->name, 2, args);
              }
        }
    }
  /* Device nodes: the kernel lets any user namespace make a 0:0 character
   * device (an overlay whiteout), which a root caller's sandbox would leave
   * root's on disk. The type bits are compared masked, so a high garbage
   * word changes nothing; FIFOs and sockets stay allowed. */
  const scmp_datum_t device_types[] = { S_IFCHR, S_IFBLK };
  for (const SboxModeCall *c = sbox_seccomp_mode_calls; c->name; c++)
    if (g_str_has_prefix (c->name, "mknod") && !in_items (sandbox->seccomp_allow, c->name))
      for (gsize t = 0; t < G_N_ELEMENTS (device_types); t++)
        {
          const struct scmp_arg_cmp type = SCMP_CMP ((unsigned int) c->mode_arg, SCMP_CMP_MASKED_EQ,
                                                     S_IFMT, device_types[t]);
          ret |= add_known_rule (ctx, eperm, c->name, 1, &type);
        }
  static const char *const xattr_calls[] = { "setxattr", "lsetxattr", "fsetxattr" };
  const scmp_datum_t cap_sizes[] = { 20, 24 }; /* XATTR_CAPS_SZ_2, XATTR_CAPS_SZ_3 */
  for (gsize c = 0; c < G_N_ELEMENTS (xattr_calls); c++)
    for (gsize s = 0;
         s < G_N_ELEMENTS (cap_sizes) && !in_items (sandbox->seccomp_allow, xattr_calls[c]); s++)
      {
        /* size_t: all 64 bits count. */
        const struct scmp_arg_cmp size = SCMP_A3 (SCMP_CMP_EQ, cap_sizes[s]);
        ret |= add_known_rule (ctx, eperm, xattr_calls[c], 1, &size);
      }
  if (!in_items (sandbox->seccomp_allow, "setxattrat"))
    ret |= add_known_rule (ctx, SCMP_ACT_ERRNO (ENOSYS), "setxattrat", 0, NULL);
  if (!in_items (sandbox->seccomp_allow, "openat2"))
    ret |= add_known_rule (ctx, SCMP_ACT_ERRNO (ENOSYS), "openat2", 0, NULL);
  if (!in_items (sandbox->seccomp_allow, "io_uring_setup"))
    ret |= add_known_rule (ctx, eperm, "io_uring_setup", 0, NULL);
  if (ret < 0)
    return fail_rule (error, ret, "set-id guard");
  return TRUE;
}

static gboolean
add_deny_list (const SboxSandbox *sandbox, scmp_filter_ctx ctx, const SboxDeniedCall *calls,
               GError **error)
{
  for (const SboxDeniedCall *c = calls; c->name; c++)
    {
      if (in_items (sandbox->seccomp_allow, c->name))
        continue;
      int ret = add_rule (ctx, SCMP_ACT_ERRNO ((uint32_t) c->errnum), c->name, 0, NULL);
      if (ret < 0)
        return fail_rule (error, ret, c->name);
    }
  return TRUE;
}

static const unsigned long dangerous_persona_flags[] = {
  UNAME26,          ADDR_NO_RANDOMIZE,  FDPIC_FUNCPTRS,
  MMAP_PAGE_ZERO,   ADDR_COMPAT_LAYOUT, READ_IMPLIES_EXEC,
  ADDR_LIMIT_32BIT, SHORT_INODE,        WHOLE_SECONDS,
  STICKY_TIMEOUTS,  ADDR_LIMIT_3GB,     0,
};

/* Every int argument (socket's family, type and protocol, setsockopt's
 * level and name, ioctl's request) is compared in its low 32 bits only: the
 * kernel ignores the upper half of an int register, so a full 64-bit
 * comparison is dodged by setting a high bit. */
#define LOW32 0xffffffffULL
#define SBOX_IPPROTO_MPTCP 262 /* not in Debian 12's libc headers */
#define ARG_INT_EQ(n, value) SCMP_CMP ((n), SCMP_CMP_MASKED_EQ, LOW32, (scmp_datum_t) (value))

static gboolean
shares_network (const SboxSandbox *sandbox)
{
  return !(sandbox->namespaces & SBOX_NS_NET);
}

static gboolean
in_list (const int *list, int value)
{
  for (; *list >= 0; list++)
    if (*list == value)
      return TRUE;
  return FALSE;
}

/* socket(AF_NETLINK, …, protocol): see sbox_seccomp_netlink_protocols. */
static gboolean
netlink_protocol_allowed (const SboxSandbox *sandbox, int protocol)
{
  return in_list (sbox_seccomp_netlink_protocols, protocol)
         || (!shares_network (sandbox) && in_list (sbox_seccomp_netlink_private_net, protocol));
}

static int
add_socket_rules (const SboxSandbox *sandbox, scmp_filter_ctx ctx)
{
  /* Families a desktop app never needs (AF_KEY, AF_PACKET, AF_BLUETOOTH,
   * AF_CAN, AF_VSOCK, …). A family with any high bit set, or beyond the
   * table, is refused whole (the kernel would see only the low half). */
  const uint32_t noaf = SCMP_ACT_ERRNO (EAFNOSUPPORT);
  int ret = 0;
  for (int family = 0; family < AF_FAMILIES_MAX; family++)
    {
      const struct scmp_arg_cmp cmp = ARG_INT_EQ (0, family);
      if (!in_list (sbox_seccomp_allowed_families, family))
        ret |= add_rule (ctx, noaf, "socket", 1, &cmp);
    }
  const struct scmp_arg_cmp beyond = SCMP_A0 (SCMP_CMP_GE, AF_FAMILIES_MAX);
  ret |= add_rule (ctx, noaf, "socket", 1, &beyond);
  /* The kernel refuses protocols from MAX_LINKS (32) up by itself. The
   * answer is the families' (as audit's has always been): libraries take
   * it, like EPROTONOSUPPORT, as "not in this kernel". */
  for (int protocol = 0; protocol < 32; protocol++)
    if (!netlink_protocol_allowed (sandbox, protocol))
      {
        const struct scmp_arg_cmp netlink[] = { ARG_INT_EQ (0, AF_NETLINK),
                                                ARG_INT_EQ (2, protocol) };
        ret |= add_rule (ctx, noaf, "socket", 2, netlink);
      }
  /* Raw IP sockets need CAP_NET_RAW, which only a nested namespace's root
   * has; apps ping with SOCK_DGRAM. The type carries flags: its low four
   * bits are the type. */
  const int inet_families[] = { AF_INET, AF_INET6 };
  for (gsize i = 0; i < G_N_ELEMENTS (inet_families); i++)
    {
      const struct scmp_arg_cmp raw[] = { ARG_INT_EQ (0, inet_families[i]),
                                          SCMP_A1 (SCMP_CMP_MASKED_EQ, 0xf, SOCK_RAW) };
      ret |= add_rule (ctx, SCMP_ACT_ERRNO (EPERM), "socket", 2, raw);
      /* The obsolete (AF_INET, SOCK_PACKET) is a packet socket: the kernel
       * turns it into AF_PACKET after the family was checked here. */
      const struct scmp_arg_cmp packet[] = { ARG_INT_EQ (0, inet_families[i]),
                                             SCMP_A1 (SCMP_CMP_MASKED_EQ, 0xf, SOCK_PACKET) };
      ret |= add_rule (ctx, SCMP_ACT_ERRNO (EPERM), "socket", 2, packet);
      /* Multipath TCP escapes Landlock's TCP rules, which cover plain TCP
       * only; the answer a kernel without MPTCP gives, so programs fall
       * back to TCP. */
      const struct scmp_arg_cmp mptcp[] = { ARG_INT_EQ (0, inet_families[i]),
                                            ARG_INT_EQ (2, SBOX_IPPROTO_MPTCP) };
      ret |= add_rule (ctx, SCMP_ACT_ERRNO (EPROTONOSUPPORT), "socket", 2, mptcp);
    }
  return ret;
}

static int
add_setsockopt_rules (const SboxSandbox *sandbox, scmp_filter_ctx ctx)
{
  int ret = 0;
  /* i386 programs also reach setsockopt through socketcall(2), whose
   * arguments lie in memory: with multiarch that path is refused whole. */
  if (has_feature (sandbox, "multiarch") && !in_items (sandbox->seccomp_allow, "socketcall"))
    {
      const struct scmp_arg_cmp sys_setsockopt = ARG_INT_EQ (0, 14); /* SYS_SETSOCKOPT */
      ret |= add_rule (ctx, SCMP_ACT_ERRNO (EPERM), "socketcall", 1, &sys_setsockopt);
    }
  for (const SboxSockoptRange *r = sbox_seccomp_firewall_sockopts; r->level >= 0; r++)
    for (int name = r->first; name <= r->last; name++)
      {
        const struct scmp_arg_cmp opt[] = { ARG_INT_EQ (1, r->level), ARG_INT_EQ (2, name) };
        ret |= add_rule (ctx, SCMP_ACT_ERRNO (EPERM), "setsockopt", 2, opt);
      }
  return ret;
}

/* The checks that look at arguments; they live only in the denylist filter. */
static gboolean
add_argument_rules (const SboxSandbox *sandbox, scmp_filter_ctx ctx, GError **error)
{
  const uint32_t eperm = SCMP_ACT_ERRNO (EPERM);
  /* New user namespaces: the kernel's largest unprivileged attack surface.
   * clone's and unshare's flags are unsigned long: a mask on the one bit. */
  const struct scmp_arg_cmp newuser = SCMP_A0 (SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER);
  /* Only the low 32 bits of an ioctl request count (CVE-2019-10063); TIOCSTI
   * types into the terminal (CVE-2017-5226), TIOCLINUX pastes into a VT. */
  const struct scmp_arg_cmp tiocsti = ARG_INT_EQ (1, TIOCSTI);
  const struct scmp_arg_cmp tioclinux = ARG_INT_EQ (1, TIOCLINUX);
  int ret = 0;
  if (!in_items (sandbox->seccomp_allow, "clone"))
    ret |= add_rule (ctx, eperm, "clone", 1, &newuser);
  if (!in_items (sandbox->seccomp_allow, "unshare"))
    ret |= add_rule (ctx, eperm, "unshare", 1, &newuser);
  if (!in_items (sandbox->seccomp_allow, "ioctl"))
    {
      ret |= add_rule (ctx, eperm, "ioctl", 1, &tiocsti);
      ret |= add_rule (ctx, eperm, "ioctl", 1, &tioclinux);
    }
  /* Personas change the address-space layout (READ_IMPLIES_EXEC,
   * ADDR_NO_RANDOMIZE). One rule cannot say "x is neither 0 nor the query
   * value 0xffffffff", but "two neighbouring bits differ" says exactly that,
   * one pair per rule. 32-bit apps need PER_LINUX32 (8): with multiarch
   * only the dangerous flag bits are refused (and so is the query). The
   * argument is an unsigned int: every mask below lies in the low 32 bits. */
  if (!in_items (sandbox->seccomp_allow, "personality"))
    {
      if (!has_feature (sandbox, "multiarch"))
        for (int bit = 0; bit < 31; bit++)
          {
            const scmp_datum_t mask = 3ULL << bit;
            const struct scmp_arg_cmp low = SCMP_A0 (SCMP_CMP_MASKED_EQ, mask, 1ULL << bit);
            const struct scmp_arg_cmp high = SCMP_A0 (SCMP_CMP_MASKED_EQ, mask, 2ULL << bit);
            ret |= add_rule (ctx, eperm, "personality", 1, &low);
            ret |= add_rule (ctx, eperm, "personality", 1, &high);
          }
      else
        for (const unsigned long *flag = dangerous_persona_flags; *flag; flag++)
          {
            const struct scmp_arg_cmp set = SCMP_A0 (SCMP_CMP_MASKED_EQ, *flag, *flag);
            ret |= add_rule (ctx, eperm, "personality", 1, &set);
          }
    }
  if (!in_items (sandbox->seccomp_allow, "socket"))
    ret |= add_socket_rules (sandbox, ctx);
  if (!in_items (sandbox->seccomp_allow, "setsockopt"))
    ret |= add_setsockopt_rules (sandbox, ctx);
  if (ret < 0)
    return fail_rule (error, ret, "argument checks");
  return TRUE;
}

static gboolean
add_profile_denials (const SboxSandbox *sandbox, scmp_filter_ctx ctx, GError **error)
{
  for (guint i = 0; i < sandbox->seccomp_deny->len; i++)
    {
      const char *v = ((SboxPlanItem *) g_ptr_array_index (sandbox->seccomp_deny, i))->value;
      g_auto (GStrv) parts = g_strsplit (v, ":", 2);
      int errnum = parts[1] ? sbox_grammar_errno_from_name (parts[1]) : EPERM;
      int nr = seccomp_syscall_resolve_name (parts[0]);
      if (nr == __NR_SCMP_ERROR || errnum < 0)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "unknown syscall or errno in %s", v);
          return FALSE;
        }
      int ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO ((uint32_t) errnum), nr, 0);
      if (ret < 0)
        return fail_rule (error, ret, v);
    }
  return TRUE;
}

/* Names of an allowlist policy: strict's table or a file of names. */
static GPtrArray *
allowlist_names (const SboxSandbox *sandbox, GError **error)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  if (g_str_equal (sandbox->seccomp, "strict"))
    for (const char *const *n = sbox_seccomp_strict_allow; *n; n++)
      g_ptr_array_add (names, g_strdup (*n));
  else
    {
      g_autofree char *contents = NULL;
      if (!g_file_get_contents (sandbox->seccomp, &contents, NULL, error))
        {
          g_prefix_error (error, "seccomp list: ");
          g_ptr_array_unref (names);
          return NULL;
        }
      g_auto (GStrv) lines = g_strsplit_set (contents, "\n", -1);
      for (guint n = 0; lines[n]; n++)
        {
          char *line = g_strstrip (lines[n]);
          if (*line == '\0' || *line == '#')
            continue;
          if (seccomp_syscall_resolve_name (line) == __NR_SCMP_ERROR)
            {
              g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "%s:%u: unknown syscall '%s'",
                           sandbox->seccomp, n + 1, line);
              g_ptr_array_unref (names);
              return NULL;
            }
          g_ptr_array_add (names, g_strdup (line));
        }
    }
  for (const char *const *n = sbox_seccomp_runtime_allow; *n; n++)
    g_ptr_array_add (names, g_strdup (*n));
  for (guint i = 0; i < sandbox->seccomp_allow->len; i++)
    {
      g_auto (GStrv) parts = g_strsplit (
          ((SboxPlanItem *) g_ptr_array_index (sandbox->seccomp_allow, i))->value, ":", 2);
      g_ptr_array_add (names, g_strdup (parts[0]));
    }
  if (has_feature (sandbox, "devel"))
    for (const SboxDeniedCall *c = sbox_seccomp_devel_deny; c->name; c++)
      g_ptr_array_add (names, g_strdup (c->name));
  return names;
}

GPtrArray *
sbox_seccomp_allowed_names (const SboxSandbox *sandbox, GError **error)
{
  if (!is_allowlist_policy (sandbox))
    return g_ptr_array_new_with_free_func (g_free);
  return allowlist_names (sandbox, error);
}

static gboolean export_with_prefix (scmp_filter_ctx ctx, GArray *prefix, struct sock_fprog *prog,
                                    GError **error);

static gboolean
export_to_memory (scmp_filter_ctx ctx, struct sock_fprog *prog, GError **error)
{
  return export_with_prefix (ctx, NULL, prog, error);
}

/* The guard's programs: its prefix, then libseccomp's program. */
static gboolean
export_guarded (const SboxSandbox *sandbox, scmp_filter_ctx ctx, struct sock_fprog *prog,
                GError **error)
{
  g_autoptr (GArray) prefix = g_array_new (FALSE, FALSE, sizeof (struct sock_filter));
  guard_prefix (sandbox, prefix);
  return export_with_prefix (ctx, prefix, prog, error);
}

static gboolean
export_with_prefix (scmp_filter_ctx ctx, GArray *prefix, struct sock_fprog *prog, GError **error)
{
  int fd = memfd_create ("sbox-seccomp", MFD_CLOEXEC);
  if (fd < 0)
    return sbox_error_set_errno (error, errno, "cannot create a memfd for the seccomp filter");
  int ret = seccomp_export_bpf (ctx, fd);
  off_t size = lseek (fd, 0, SEEK_END);
  if (ret < 0 || size <= 0 || size % sizeof (struct sock_filter) != 0)
    {
      close (fd);
      return fail_rule (error, ret < 0 ? ret : -EIO, "export");
    }
  guint skip = prefix ? prefix->len : 0;
  gsize total = skip + (gsize) size / sizeof (struct sock_filter);
  if (total > BPF_MAXINSNS)
    {
      close (fd);
      return fail_rule (error, -E2BIG, "export");
    }
  prog->len = (unsigned short) total;
  prog->filter = g_new (struct sock_filter, total);
  if (skip)
    memcpy (prog->filter, prefix->data, skip * sizeof (struct sock_filter));
  ssize_t n = pread (fd, prog->filter + skip, (size_t) size, 0);
  close (fd);
  if (n != size)
    return fail_rule (error, -EIO, "export");
  return TRUE;
}

static gboolean
compile_allowlist (const SboxSandbox *sandbox, struct sock_fprog *prog, GError **error)
{
  g_autoptr (GPtrArray) names = allowlist_names (sandbox, error);
  if (names == NULL)
    return FALSE;
  scmp_filter_ctx ctx = new_filter (sandbox, SCMP_ACT_ERRNO (ENOSYS), error);
  if (ctx == NULL)
    return FALSE;
  gboolean ok = TRUE;
  for (guint i = 0; i < names->len && ok; i++)
    {
      int ret = add_rule (ctx, SCMP_ACT_ALLOW, g_ptr_array_index (names, i), 0, NULL);
      if (ret < 0 && ret != -EEXIST)
        ok = fail_rule (error, ret, g_ptr_array_index (names, i));
    }
  ok = ok && export_to_memory (ctx, prog, error);
  seccomp_release (ctx);
  return ok;
}

static gboolean
compile_denylist (const SboxSandbox *sandbox, struct sock_fprog *prog, GError **error)
{
  scmp_filter_ctx ctx = new_filter (sandbox, SCMP_ACT_ALLOW, error);
  if (ctx == NULL)
    return FALSE;
  gboolean ok = add_setid_guard (sandbox, ctx, error)
                && add_deny_list (sandbox, ctx, sbox_seccomp_default_deny, error)
                && (has_feature (sandbox, "devel")
                    || add_deny_list (sandbox, ctx, sbox_seccomp_devel_deny, error))
                && add_argument_rules (sandbox, ctx, error)
                && add_profile_denials (sandbox, ctx, error)
                && export_guarded (sandbox, ctx, prog, error);
  seccomp_release (ctx);
  return ok;
}

/* --seccomp=none: no syscall policy, but still the set-id guard, for
 * every x86 ABI (none kills no 32-bit program). */
static gboolean
compile_guard_only (const SboxSandbox *sandbox, struct sock_fprog *prog, GError **error)
{
  scmp_filter_ctx ctx = new_filter (sandbox, SCMP_ACT_ALLOW, error);
  if (ctx == NULL)
    return FALSE;
  if (seccomp_arch_native () == SCMP_ARCH_X86_64)
    {
      int ret = seccomp_arch_add (ctx, SCMP_ARCH_X86);
      if (ret == 0 || ret == -EEXIST)
        ret = seccomp_arch_add (ctx, SCMP_ARCH_X32);
      if (ret < 0 && ret != -EEXIST)
        {
          seccomp_release (ctx);
          return fail_rule (error, ret, "other ABIs");
        }
    }
  gboolean ok = add_setid_guard (sandbox, ctx, error) && export_guarded (sandbox, ctx, prog, error);
  seccomp_release (ctx);
  return ok;
}

gboolean
sbox_seccomp_compile_fresh (const SboxSandbox *sandbox, SboxSeccompFilters *out, GError **error)
{
  memset (out, 0, sizeof *out);
  if (g_str_equal (sandbox->seccomp, "none"))
    return compile_guard_only (sandbox, &out->programs[out->count++], error);
  if (is_allowlist_policy (sandbox)
      && !compile_allowlist (sandbox, &out->programs[out->count++], error))
    return FALSE;
  return compile_denylist (sandbox, &out->programs[out->count++], error);
}

/* The key of a plan whose programs the build compiled ahead: a built-in
 * policy without per-profile syscall changes. FALSE for any other plan. */
gboolean
sbox_seccomp_prebuilt_key (const SboxSandbox *sandbox, const char **policy, unsigned int *features)
{
  if (!g_str_equal (sandbox->seccomp, "default") && !g_str_equal (sandbox->seccomp, "strict")
      && !g_str_equal (sandbox->seccomp, "none"))
    return FALSE;
  if (sandbox->seccomp_allow->len > 0 || sandbox->seccomp_deny->len > 0)
    return FALSE;
  *features = shares_network (sandbox) ? SBOX_SECCOMP_SHARED_NETWORK : 0;
  for (guint i = 0; i < sandbox->features->len; i++)
    {
      const char *name = ((SboxPlanItem *) g_ptr_array_index (sandbox->features, i))->value;
      if (g_str_equal (name, "devel"))
        *features |= SBOX_SECCOMP_DEVEL;
      else if (g_str_equal (name, "multiarch"))
        *features |= SBOX_SECCOMP_MULTIARCH;
      else
        return FALSE;
    }
  *policy = sandbox->seccomp;
  return TRUE;
}

static gboolean compile_policy (const SboxSandbox *sandbox, SboxSeccompFilters *out,
                                GError **error);

/* The policy's programs ("raw": none of sbox's own), then the caller's. */
gboolean
sbox_seccomp_compile (const SboxSandbox *sandbox, SboxSeccompFilters *out, GError **error)
{
  memset (out, 0, sizeof *out);
  if (!g_str_equal (sandbox->seccomp, "raw") && !compile_policy (sandbox, out, error))
    return FALSE;
  for (guint i = 0; i < sandbox->seccomp_programs->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (sandbox->seccomp_programs, i);
      gsize len = g_bytes_get_size (bytes);
      if (out->count >= SBOX_SECCOMP_MAX_PROGRAMS || len == 0
          || len % sizeof (struct sock_filter) != 0 || len / sizeof (struct sock_filter) > 0xffff)
        {
          sbox_seccomp_filters_clear (out);
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       out->count >= SBOX_SECCOMP_MAX_PROGRAMS
                           ? "too many seccomp programs (at most %d)"
                           : "a seccomp program is not a whole BPF program (%d)",
                       SBOX_SECCOMP_MAX_PROGRAMS);
          return FALSE;
        }
      struct sock_fprog *prog = &out->programs[out->count++];
      prog->len = (unsigned short) (len / sizeof (struct sock_filter));
      prog->filter = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
    }
  return TRUE;
}

static gboolean
compile_policy (const SboxSandbox *sandbox, SboxSeccompFilters *out, GError **error)
{
  /* libseccomp's kernel probing and compiling cost more than the rest of
   * the launcher's own work together; the common policies skip both. */
  const char *policy;
  unsigned int features;
  if (sbox_seccomp_prebuilt_key (sandbox, &policy, &features))
    for (const SboxSeccompPrebuilt *p = sbox_seccomp_prebuilt; p->policy; p++)
      if (g_str_equal (p->policy, policy) && p->features == features)
        {
          memset (out, 0, sizeof *out);
          for (out->count = 0; out->count < p->count; out->count++)
            {
              struct sock_fprog *prog = &out->programs[out->count];
              prog->len = p->lengths[out->count];
              prog->filter = g_memdup2 (p->programs[out->count],
                                        prog->len * sizeof (struct sock_filter));
            }
          return TRUE;
        }
  return sbox_seccomp_compile_fresh (sandbox, out, error);
}

void
sbox_seccomp_filters_clear (SboxSeccompFilters *filters)
{
  for (int i = 0; i < filters->count; i++)
    g_clear_pointer (&filters->programs[i].filter, g_free);
  filters->count = 0;
}

static gboolean
write_program (const char *path, const struct sock_fprog *prog, GError **error)
{
  return g_file_set_contents (path, (const char *) prog->filter,
                              (gssize) (prog->len * sizeof (struct sock_filter)), error);
}

gboolean
sbox_seccomp_export (const SboxSandbox *sandbox, const char *path, GError **error)
{
  SboxSeccompFilters filters;
  if (!sbox_seccomp_compile (sandbox, &filters, error))
    return FALSE;
  gboolean ok = TRUE;
  if (filters.count == 0)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "--seccomp-export: the policy is none");
      ok = FALSE;
    }
  else if (filters.count == 1)
    ok = write_program (path, &filters.programs[0], error);
  else
    {
      g_autofree char *allow_path = g_strconcat (path, ".allowlist", NULL);
      ok = write_program (path, &filters.programs[1], error)
           && write_program (allow_path, &filters.programs[0], error);
    }
  sbox_seccomp_filters_clear (&filters);
  return ok;
}

/* The set-id guard's part of the description. */
static void
describe_guard (const SboxSandbox *sandbox, GString *out)
{
  g_string_append (out, "  set-id guard (every policy): S_ISUID/S_ISGID refused in");
  for (const SboxModeCall *c = sbox_seccomp_mode_calls; c->name; c++)
    if (!in_items (sandbox->seccomp_allow, c->name))
      g_string_append_printf (out, " %s", c->name);
  g_string_append (out, "; character and block devices refused in");
  for (const SboxModeCall *c = sbox_seccomp_mode_calls; c->name; c++)
    if (g_str_has_prefix (c->name, "mknod") && !in_items (sandbox->seccomp_allow, c->name))
      g_string_append_printf (out, " %s", c->name);
  g_string_append (out, "; 20/24-byte xattr values (security.capability) refused; "
                        "openat2 and setxattrat ENOSYS; io_uring refused\n");
}

char *
sbox_seccomp_describe (const SboxSandbox *sandbox)
{
  GString *out = g_string_new (NULL);
  if (g_str_equal (sandbox->seccomp, "raw"))
    {
      g_string_append (out, "  no policy of sbox's own: only the caller's programs\n");
      return g_string_free (out, FALSE);
    }
  if (g_str_equal (sandbox->seccomp, "none"))
    {
      describe_guard (sandbox, out);
      return g_string_free (out, FALSE);
    }
  if (is_allowlist_policy (sandbox))
    {
      g_autoptr (GPtrArray) names = allowlist_names (sandbox, NULL);
      g_string_append_printf (out, "  allow (everything else ENOSYS):");
      for (guint i = 0; names && i < names->len; i++)
        g_string_append_printf (out, " %s", (char *) g_ptr_array_index (names, i));
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "  deny:");
  for (const SboxDeniedCall *c = sbox_seccomp_default_deny; c->name; c++)
    if (!in_items (sandbox->seccomp_allow, c->name))
      g_string_append_printf (out, " %s%s", c->name, c->errnum == ENOSYS ? "(ENOSYS)" : "");
  if (!has_feature (sandbox, "devel"))
    for (const SboxDeniedCall *c = sbox_seccomp_devel_deny; c->name; c++)
      if (!in_items (sandbox->seccomp_allow, c->name))
        g_string_append_printf (out, " %s", c->name);
  for (guint i = 0; i < sandbox->seccomp_deny->len; i++)
    g_string_append_printf (out, " %s",
                            ((SboxPlanItem *) g_ptr_array_index (sandbox->seccomp_deny, i))->value);
  g_string_append_printf (
      out,
      "\n  arguments (int arguments in their low 32 bits): clone/unshare with "
      "CLONE_NEWUSER, ioctl TIOCSTI/TIOCLINUX, personality other than "
      "PER_LINUX or the query, socket families other than "
      "unix/inet/inet6/netlink, raw IP and packet sockets, multipath TCP, netlink "
      "protocols other than "
      "route%s, setsockopt firewall table writes (iptables, ip6tables, "
      "arptables, ebtables, IPVS)\n",
      shares_network (sandbox) ? "" : ", sock_diag and kobject-uevent");
  describe_guard (sandbox, out);
  g_string_append_printf (out, "  other ABIs: %s\n",
                          has_feature (sandbox, "multiarch")
                              ? "i386 filtered like x86_64"
                              : "i386 and x32 calls kill the process");
  return g_string_free (out, FALSE);
}

gboolean
sbox_seccomp_compile_learn (const SboxSandbox *sandbox, struct sock_fprog *out, GError **error)
{
  /* Between installing this filter and execve the command only hands the
   * listener over and execs: those calls cannot wait for an answer. */
  static const char *const baseline[] = { "sendmsg", "close", "execve", "exit", "exit_group" };
  scmp_filter_ctx ctx = new_filter (sandbox, SCMP_ACT_NOTIFY, error);
  if (ctx == NULL)
    return FALSE;
  gboolean ok = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (baseline) && ok; i++)
    {
      int ret = add_rule (ctx, SCMP_ACT_ALLOW, baseline[i], 0, NULL);
      if (ret < 0)
        ok = fail_rule (error, ret, baseline[i]);
    }
  ok = ok && export_to_memory (ctx, out, error);
  seccomp_release (ctx);
  return ok;
}

int
sbox_seccomp_install_listener (const struct sock_fprog *prog)
{
  /* The raw call: libseccomp's seccomp_load makes syscalls after loading a
   * notify filter and would wait on itself. */
  return (int) syscall (SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
                        prog);
}

int
sbox_seccomp_install (const SboxSeccompFilters *filters)
{
  for (int i = 0; i < filters->count; i++)
    if (prctl (PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filters->programs[i], 0, 0) != 0)
      return -1;
  return 0;
}

gboolean
sbox_seccomp_load_without_exec (scmp_filter_ctx ctx, int ret)
{
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (mmap), 1,
                            SCMP_A2 (SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ALLOW, SCMP_SYS (mprotect), 1,
                            SCMP_A2 (SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
  if (ret == 0)
    ret = seccomp_load (ctx);
  seccomp_release (ctx);
  return ret == 0;
}
