/* plan.h — the plan: the one intermediate representation between the front
 * ends (CLI, profiles, bwrap argv) and the executor. Plain data only. */
#pragma once

#include <glib.h>
#include <sys/types.h>

typedef enum
{
  SBOX_FS_BIND,       /* source (host) → dest, read-write, nodev */
  SBOX_FS_RO_BIND,    /* source (host) → dest, read-only */
  SBOX_FS_DEV_BIND,   /* source (host) → dest, device nodes allowed */
  SBOX_FS_TMPFS,      /* empty tmpfs at dest */
  SBOX_FS_DIR,        /* directory at dest */
  SBOX_FS_SYMLINK,    /* dest → source (the link target) */
  SBOX_FS_FILE,       /* dest with the given content */
  SBOX_FS_PROC,       /* the sandbox's own /proc */
  SBOX_FS_DEV,        /* minimal /dev */
  SBOX_FS_REMOUNT_RO, /* make dest (inside the new root) read-only, recursively */
  SBOX_FS_MASK,       /* hide dest (inside the new root): /dev/null or empty ro tmpfs */
  SBOX_FS_PIN,        /* bind dest (inside the new root) onto itself as it is, a symlink
                       * not followed: its name can then be neither renamed nor removed */
  SBOX_FS_CHMOD,      /* set the mode of dest (inside the new root), which must exist */
  SBOX_FS_MQUEUE,     /* the IPC namespace's POSIX message queues at dest */
  SBOX_FS_OVERLAY,    /* overlayfs at dest of the host dirs in lower; writes go to
                       * source (with work), else to a hidden tmpfs, or with
                       * READ_ONLY nowhere */
} SboxFsKind;

typedef enum
{
  SBOX_FS_FLAG_NONE = 0,
  SBOX_FS_FLAG_TRY = 1 << 0,     /* skip silently when the source (or dest for MASK) is missing */
  SBOX_FS_FLAG_CREATE = 1 << 1,  /* create the source directory (0700) when missing */
  SBOX_FS_FLAG_RUNTIME = 1 << 2, /* the executor makes the source (a proxy socket) */
  SBOX_FS_FLAG_SECRET = 1 << 3,  /* content not printed (an X11 cookie) */
  /* SBOX_FS_FILE: the file is made in setup's own tmpfs and bound on dest,
   * so it also lands on a read-only tree (bwrap's --bind-data). */
  SBOX_FS_FLAG_BIND_DATA = 1 << 4,
  SBOX_FS_FLAG_READ_ONLY = 1 << 5,  /* with BIND_DATA: bound read-only */
  SBOX_FS_FLAG_THIS_MOUNT = 1 << 6, /* with REMOUNT_RO: the mount at dest only, not those below */
} SboxFsFlags;

typedef struct
{
  SboxFsKind kind;
  SboxFsFlags flags;
  char *source;      /* host path, symlink target; NULL otherwise */
  char *dest;        /* absolute path inside the sandbox */
  char *content;     /* SBOX_FS_FILE only */
  gsize content_len; /* 0: strlen (content); binary content sets it */
  /* Binds from storage the sandbox can write (private homes): source is a
   * trusted base directory and beneath a relative path under it that is
   * opened without following any symlink, so the app cannot plant one to
   * reach the host on its next start. */
  char *beneath;
  char *origin; /* "FILE:LINE" or "command line"; NULL for the default view */
  guint mode;   /* tmpfs/dir/file/chmod mode; 0 = default */
  guint64 size; /* tmpfs size in bytes; 0 = the kernel's default */
  /* SBOX_FS_DEV: the host device nodes bound in, a static NULL-terminated
   * table (view.c), not owned; the executor binds exactly these. */
  const char *const *nodes;
  /* SBOX_FS_OVERLAY: the host's lower dirs, bottom layer first (bwrap's
   * --overlay-src order), and with an upper dir in source, its work dir. */
  char **lower;
  char *work;
} SboxFsOp;

/* An xdg-dbus-proxy the executor starts outside the sandbox. */
typedef struct
{
  char *bus;       /* "session" or "system" */
  char *upstream;  /* the host bus address */
  char *socket;    /* host path of the proxy's socket (in the instance dir) */
  GPtrArray *args; /* "--filter", "--talk=NAME", …; empty for full access */
} SboxProxy;

/* A setting carried for the doors and filters, with where it came from. */
typedef struct
{
  char *value;
  char *origin;
} SboxPlanItem;

typedef enum
{
  SBOX_NS_USER = 1 << 0,
  SBOX_NS_MOUNT = 1 << 1,
  SBOX_NS_PID = 1 << 2,
  SBOX_NS_IPC = 1 << 3,
  SBOX_NS_UTS = 1 << 4,
  SBOX_NS_CGROUP = 1 << 5,
  SBOX_NS_NET = 1 << 6,
} SboxNamespaces;

#define SBOX_NS_ALL                                                                                \
  (SBOX_NS_USER | SBOX_NS_MOUNT | SBOX_NS_PID | SBOX_NS_IPC | SBOX_NS_UTS | SBOX_NS_CGROUP         \
   | SBOX_NS_NET)

typedef struct
{
  int resource; /* RLIMIT_* */
  guint64 soft;
  guint64 hard;
} SboxRlimit;

/* Who the sandbox's processes are. */
typedef struct
{
  uid_t uid; /* ids inside */
  gid_t gid;
  /* A root caller's sandbox runs as run_uid/run_gid outside (inside it is
   * still uid/gid); rw binds are idmapped so the tree stays writable. */
  gboolean drop_root;
  uid_t run_uid;
  gid_t run_gid;
} SboxIds;

/* What the sandbox may consume: per-process rlimits and the whole tree's
 * cgroup limits (without a cgroup, memory and pids fall back to rlimits). */
typedef struct
{
  GArray *rlimits;    /* SboxRlimit */
  guint64 memory_max; /* bytes, 0: none */
  guint pids_max;     /* 0: none */
  double cpus;        /* 0: none (cgroup only) */
} SboxLimits;

/* The sandbox to build, and nothing about how to run it: what the executor
 * needs to make the view, the ids, the filters and the doors. Each
 * executor module takes this (or one part of it), never the whole plan. */
typedef struct
{
  SboxNamespaces namespaces;
  GPtrArray *fs_ops; /* SboxFsOp*, applied in order */
  GPtrArray *env;    /* "NAME=VALUE", the complete environment of the command */
  SboxIds ids;
  SboxLimits limits;
  char *hostname; /* NULL keeps the host's */
  char *chdir;    /* NULL: the caller's cwd when visible, else $HOME */
  char *home;     /* the caller's $HOME path (used for the default cwd) */
  /* sbox's state directories on the host (configuration, storage, instance
   * dirs) as spelled, NULL-terminated or NULL: a grant's opened source may
   * lie in or hold one only when the grant names it (paths.h). */
  char **own_state;
  /* The filters' input, each SboxPlanItem* with where it came from. */
  GPtrArray *sockets;
  GPtrArray *devices;
  GPtrArray *features;
  GPtrArray *seccomp_allow;
  GPtrArray *seccomp_deny;
  char *seccomp; /* default | strict | none | /path | raw (only the programs below) */
  /* GBytes*: compiled BPF programs the caller handed over (bwrap's
   * --seccomp FD), installed in order after the policy's own. */
  GPtrArray *seccomp_programs;
  char *landlock;        /* true | false | required */
  gboolean landlock_log; /* the command's denials to the audit log (SBOX_LANDLOCK_LOG=1) */
  /* The doors' outcomes: the helpers the executor starts outside. */
  GPtrArray *session_bus; /* SboxPlanItem* "NAME=POLICY" */
  GPtrArray *system_bus;
  GPtrArray *proxies;   /* SboxProxy* */
  char *dbus_proxy;     /* the xdg-dbus-proxy program (sbox.conf DBusProxy=) */
  char *audio_upstream; /* host PulseAudio socket the audio filter relays to, or NULL */
  char *audio_socket;   /* the filter's socket (in the instance dir) */
  /* "full", or "confine" where no user namespace can be had: no namespaces
   * and no mounts, Landlock on the view's host sources (confine-mode.c). */
  char *mode;
  /* The root tmpfs stays writable (bubblewrap's view); sbox's own plans
   * make it read-only once the operations are done. */
  gboolean root_writable;
  /* bwrap's --disable-userns: the command sits in a nested user namespace
   * whose parent allows no further one; --assert-userns-disabled: the
   * start fails unless making one is refused. */
  gboolean disable_userns;
  gboolean assert_userns_disabled;
  /* bwrap's destinations: a symlink as the last component is followed
   * (inside the new root) rather than refused. */
  gboolean dest_links_followed;
  /* Capabilities the command keeps in its user namespace (bit n: cap n;
   * bwrap's --cap-add), in every set including ambient; 0: none. */
  guint64 keep_caps;
  /* Namespaces the caller opened and hands over (bwrap's --userns, --pidns,
   * --userns2), -1: none. The launcher joins userns_fd and pidns_fd before
   * it clones, so the namespaces it makes are owned by that user namespace
   * and the first process is born in that pid namespace (or in a new one
   * beneath it); the first process enters userns2_fd once the root is built. */
  int userns_fd;
  int pidns_fd;
  int userns2_fd;
  /* The network, with SBOX_NS_NET (without it: the host's, whatever this
   * says): "loopback" (lo only), "none" (lo only, and no TCP at all:
   * Landlock), "isolated" (pasta outside, the host, its networks and the
   * private ranges routed away: net-policy.c), "filtered" (only through
   * the proxy outside: net-proxy.c). sbox_sandbox_network () reads both. */
  char *network;
  GPtrArray *publish;     /* SboxPlanItem* "HOSTPORT:SANDBOXPORT": TCP forwarded in (isolated) */
  GPtrArray *allow_hosts; /* SboxPlanItem* AllowHosts= patterns (filtered) */
  char *net_proxy_socket; /* filtered: the proxy's socket (instance dir), bound... */
  char *net_proxy_inside; /* ...here, where the forwarder inside connects */
} SboxSandbox;

/* How to run the sandbox: the command and the launcher's behaviour around
 * it. None of this changes what the sandbox can reach. */
typedef struct
{
  GPtrArray *argv;    /* the command */
  guint timeout;      /* seconds, 0 = none */
  char *learn_output; /* --learn=OUT: record and write a profile fragment */
  int json_status_fd; /* -1: none */
  int info_fd;        /* -1: none */
  gboolean die_with_parent;
  gboolean as_pid_1;
  gboolean new_session;
  gboolean pty; /* terminal stdio: a pty of the sandbox's own (needs new_session) */
  gboolean quiet;
  gboolean verbose;
  /* Where no user namespace can be had: "refuse" or "confine" (sbox.conf,
   * the profile, --fallback), and why the full sandbox cannot run here
   * (NULL when it can). */
  char *fallback;
  char *fallback_origin;
  char *userns_blocked;
  /* bubblewrap's behaviour (bwrap-cli.c): descriptors the caller left open
   * reach the command; $PWD names the directory the command starts in;
   * the command waits for a byte (or EOF) on block_fd; locks are held on
   * lock_files (paths inside) while the sandbox runs; --info-fd and
   * --json-status-fd speak bwrap's JSON; the sandbox's own failures exit
   * with failure_status (0: sbox's usual codes). */
  gboolean keep_fds;
  gboolean set_pwd;
  int block_fd; /* -1: none */
  /* bwrap's --userns-block-fd (-1: none): the launcher writes nothing into
   * the new user namespace; having written --info-fd it waits for a byte
   * (or EOF) here, meanwhile the caller writes the maps, then releases it. */
  int userns_block_fd;
  GPtrArray *lock_files;
  gboolean bwrap_json;
  guint failure_status;
  char *argv0; /* argv[0] the command sees, NULL: argv's own (bwrap's --argv0) */
} SboxRunOptions;

/* Where this sandbox's runtime files live and what it is called: chosen when
 * the plan is composed, because the view binds the proxies' sockets from
 * the instance directory. */
typedef struct
{
  char *id;
  char *name; /* --name, unique per user among running sandboxes */
  char *base; /* $XDG_RUNTIME_DIR/sbox: every instance's dir lives here */
  char *dir;  /* host runtime dir of this sandbox (info, proxy sockets) */
} SboxInstancePlace;

/* The plan: the sandbox, how to run it, where it lives, and where it came
 * from. Front ends fill it through the composer; the launcher reads it and
 * never writes it back. */
typedef struct
{
  SboxSandbox sandbox;
  SboxRunOptions run;
  SboxInstancePlace instance;
  char *profile_name; /* NULL with --noprofile */
  char *profile_path;
  char *app_id;
  GPtrArray *warnings;      /* printed before the sandbox starts unless --quiet */
  GPtrArray *missing_doors; /* SboxPlanItem*: a door asked for whose host side is absent,
                             * origin saying why (sbox.conf RequireDoors=) */
} SboxPlan;

/* A sandbox description on its own (the proxies' sandboxes, --enter's
 * confinement), with the same defaults a plan's has. */
SboxSandbox *sbox_sandbox_new (void);
void sbox_sandbox_free (SboxSandbox *sandbox);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxSandbox, sbox_sandbox_free)

SboxPlan *sbox_plan_new (void);
void sbox_plan_free (SboxPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxPlan, sbox_plan_free)

/* A detached operation (owned by the caller until added to a plan). */
SboxFsOp *sbox_fs_op_new (SboxFsKind kind, SboxFsFlags flags, const char *source, const char *dest);
void sbox_fs_op_free (gpointer op);

/* Mounts the sandbox may write beneath (Landlock grants writes only there). */
gboolean sbox_fs_op_is_writable (const SboxFsOp *op);

/* Append an operation; dest must already be normalised and absolute. */
SboxFsOp *sbox_sandbox_add_fs (SboxSandbox *sandbox, SboxFsKind kind, SboxFsFlags flags,
                               const char *source, const char *dest);

/* Where the sandbox path inside comes from on the host, by the plan's
 * operations as they stand: the last one covering it decides, as a later
 * mount lies over an earlier one. A symlink the plan makes is followed; a
 * bind gives its source (below beneath when it has one) and, when bind is
 * not NULL, itself in *bind. NULL when nothing covers the path or what
 * covers it shows no host file (a tmpfs, a file, a mask, a remount). */
char *sbox_sandbox_host_path_for (const SboxSandbox *sandbox, const char *inside,
                                  const SboxFsOp **bind);

const char *sbox_plan_fs_kind_name (SboxFsKind kind);

SboxPlanItem *sbox_plan_item_new (const char *value, const char *origin);
void sbox_plan_item_free (gpointer item);
void sbox_plan_add_item (GPtrArray *items, const char *value, const char *origin);

/* The network mode in effect: "host" without a network namespace, else
 * sandbox->network. */
const char *sbox_sandbox_network (const SboxSandbox *sandbox);

void sbox_sandbox_setenv (SboxSandbox *sandbox, const char *name, const char *value);
void sbox_sandbox_unsetenv (SboxSandbox *sandbox, const char *name);
const char *sbox_sandbox_getenv (const SboxSandbox *sandbox, const char *name);

/* Append s to out as a JSON string (quoted and escaped). */
void sbox_json_append_string (GString *out, const char *s);
