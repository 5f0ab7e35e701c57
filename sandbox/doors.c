/* doors.c — what each door of DESIGN §5 means for the plan. Only the
 * socket a door names is bound, never its directory; a door whose host side
 * is missing stays closed (--verbose says so). The D-Bus doors are proxies
 * that dbus.c starts beside the sandbox, each in a small sandbox of its own. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "doctor.h"
#include "doors.h"
#include "error.h"
#include "instance.h"
#include "landlock.h"
#include "x11.h"

typedef struct
{
  SboxProfile *profile;
  const SboxExpandContext *caller;
  SboxPlan *plan;
  char *runtime_inside;     /* /run/user/UID */
  const char *runtime_host; /* the caller's XDG_RUNTIME_DIR, may be NULL */
} Doors;

/* The sockets= entry naming this door, or NULL when the door is closed. */
static const SboxSetting *
socket_entry (Doors *d, const char *name)
{
  GPtrArray *list = sbox_profile_get_list (d->profile, SBOX_KEY_CONTEXT_SOCKETS);
  for (guint i = 0; i < list->len; i++)
    {
      SboxSetting *s = g_ptr_array_index (list, i);
      if (g_str_equal (s->value, name))
        return s;
    }
  return NULL;
}

static gboolean
has_socket (Doors *d, const char *name)
{
  return socket_entry (d, name) != NULL;
}

static const char *
origin_of_socket (Doors *d, const char *name)
{
  const SboxSetting *s = socket_entry (d, name);
  return s ? s->origin : NULL;
}

static const char *
caller_env (Doors *d, const char *name)
{
  return g_environ_getenv ((char **) d->caller->envp, name);
}

static void
note (Doors *d, const char *text)
{
  if (d->plan->run.verbose)
    g_printerr ("sbox: %s\n", text);
}

/* A door the profile asks for whose host side is not there: the app starts
 * without it, with one warning line (--quiet silences it) unless sbox.conf
 * RequireDoors= names the door, which makes it an error. */
static void
missing (Doors *d, const char *door, const char *why)
{
  sbox_plan_add_item (d->plan->missing_doors, door, why);
  g_ptr_array_add (d->plan->warnings, g_strdup_printf ("%s: %s; starting without it", door, why));
}

static gboolean
is_socket (const char *path)
{
  struct stat st;
  return path && stat (path, &st) == 0 && S_ISSOCK (st.st_mode);
}

/* Bind one host socket at inside; FALSE (and a note) when it is missing. */
static gboolean
bind_socket (Doors *d, const char *door, const char *host, const char *inside)
{
  if (!is_socket (host))
    {
      g_autofree char *what = g_strdup_printf ("%s: no socket at %s, door closed", door,
                                               host ? host : "(unset)");
      note (d, what);
      return FALSE;
    }
  SboxFsOp *op = sbox_sandbox_add_fs (&d->plan->sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_NONE, host,
                                      inside);
  op->origin = g_strdup (origin_of_socket (d, door));
  return TRUE;
}

static char *
in_runtime (const char *runtime, const char *name)
{
  if (name == NULL)
    return NULL;
  if (g_path_is_absolute (name))
    return g_strdup (name);
  return runtime ? g_build_filename (runtime, name, NULL) : NULL;
}

static char *
wayland_socket (Doors *d)
{
  const char *display = caller_env (d, "WAYLAND_DISPLAY");
  g_autofree char *path = in_runtime (d->runtime_host, display ? display : "wayland-0");
  return is_socket (path) ? g_steal_pointer (&path) : NULL;
}

static gboolean
add_wayland (Doors *d)
{
  g_autofree char *host = wayland_socket (d);
  if (host == NULL)
    {
      note (d, "wayland: no compositor socket, door closed");
      return FALSE;
    }
  g_autofree char *name = g_path_get_basename (host);
  g_autofree char *inside = g_build_filename (d->runtime_inside, name, NULL);
  if (!bind_socket (d, "wayland", host, inside))
    return FALSE;
  sbox_sandbox_setenv (&d->plan->sandbox, "WAYLAND_DISPLAY", name);
  /* wp_security_context_v1 is offered by no compositor these machines
   * have (weston 10, Debian 12's wayland-protocols 1.31): plain socket. */
  return TRUE;
}

/* Why the caller's X display cannot be given, or NULL when it can. */
static char *
x11_unusable (const char *display, int *number, int *screen)
{
  if (display == NULL || *display == '\0')
    return g_strdup ("DISPLAY is not set");
  if (!sbox_x11_parse_display (display, number, screen))
    return g_strdup_printf ("DISPLAY=%s is not a local display (X over TCP gets no door)", display);
  g_autofree char *socket = g_strdup_printf ("/tmp/.X11-unix/X%d", *number);
  if (!is_socket (socket))
    return g_strdup_printf ("DISPLAY=%s names no running X server (no socket %s)", display, socket);
  return NULL;
}

/* The caller's Xauthority, or NULL when there is none. The caller's
 * environment names it, so it may be a FIFO (opening it would block), a
 * device or a huge file: only a regular file of sane size is read, from the
 * descriptor that was checked; *unread says why another was not. */
static GBytes *
read_xauthority (const char *path, char **unread)
{
  enum
  {
    XAUTHORITY_MAX = 1 << 20
  };
  int fd = open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno != ENOENT)
        *unread = g_strdup (g_strerror (errno));
      return NULL;
    }
  struct stat st;
  GBytes *bytes = NULL;
  if (fstat (fd, &st) < 0)
    *unread = g_strdup (g_strerror (errno));
  else if (!S_ISREG (st.st_mode))
    *unread = g_strdup ("not a regular file");
  else if (st.st_size > XAUTHORITY_MAX)
    *unread = g_strdup_printf ("larger than %d bytes", XAUTHORITY_MAX);
  else
    {
      g_autofree char *buf = g_malloc (XAUTHORITY_MAX);
      gsize len = 0;
      ssize_t n = 0;
      while (len < XAUTHORITY_MAX
             && ((n = read (fd, buf + len, XAUTHORITY_MAX - len)) > 0 || (n < 0 && errno == EINTR)))
        if (n > 0)
          len += (gsize) n;
      if (n < 0)
        *unread = g_strdup (g_strerror (errno));
      else
        bytes = g_bytes_new (buf, len);
    }
  close (fd);
  return bytes;
}

/* FALSE with *why saying what is missing. */
static gboolean
add_x11 (Doors *d, const char *door, char **why)
{
  const char *display = caller_env (d, "DISPLAY");
  int number = -1, screen = 0;
  *why = x11_unusable (display, &number, &screen);
  if (*why)
    {
      g_autofree char *what = g_strdup_printf ("%s: %s, door closed", door, *why);
      note (d, what);
      return FALSE;
    }
  /* The server's socket appears inside under another display number
   * (x11.c says why); the cookie is renumbered to match. Not in the host's
   * network without Landlock's scoping: there libxcb's abstract connect
   * reaches any socket of that name, and a local user could bind :99's
   * first to collect the cookie; the host's own number reaches the real
   * server. */
  gboolean shared_network = (d->plan->sandbox.namespaces & SBOX_NS_NET) == 0;
  gboolean scoped = !g_str_equal (d->plan->sandbox.landlock ? d->plan->sandbox.landlock : "true",
                                  "false")
                    && sbox_landlock_abi () >= 6;
  /* The confinement mode makes no view to renumber in: the host's socket
   * by its own number (its abstract name is the supervisor's to connect,
   * confine-connect.c). */
  g_autofree char *blocked = g_str_equal (d->plan->run.fallback, "confine")
                                 ? sbox_doctor_userns_blocked (TRUE)
                                 : NULL;
  int inside_number = (shared_network && !scoped) || blocked
                          ? number
                          : sbox_x11_inside_number (shared_network);
  g_autofree char *socket = g_strdup_printf ("/tmp/.X11-unix/X%d", number);
  g_autofree char *inside_socket = g_strdup_printf ("/tmp/.X11-unix/X%d", inside_number);
  if (!bind_socket (d, door, socket, inside_socket))
    {
      *why = g_strdup_printf ("DISPLAY=%s: the socket %s went away", display, socket);
      return FALSE;
    }
  g_autofree char *inside_display = g_strdup_printf (":%d.%d", inside_number, screen);
  sbox_sandbox_setenv (&d->plan->sandbox, "DISPLAY", inside_display);

  /* A new Xauthority with this display's cookie only. */
  const char *xauth = caller_env (d, "XAUTHORITY");
  g_autofree char *xauth_path = xauth ? g_strdup (xauth)
                                      : g_build_filename (d->caller->home, ".Xauthority", NULL);
  g_autofree char *unread = NULL;
  g_autoptr (GBytes) all = read_xauthority (xauth_path, &unread);
  if (unread)
    {
      g_ptr_array_add (d->plan->warnings,
                       g_strdup_printf ("XAUTHORITY=%s: %s; the display is shared without a cookie",
                                        xauth_path, unread));
      return TRUE;
    }
  if (all == NULL)
    return TRUE; /* a server without access control needs no cookie */
  g_autoptr (GBytes) mine = sbox_x11_filter_xauthority (all, number, inside_number);
  gsize mine_len;
  const void *data = g_bytes_get_data (mine, &mine_len);
  if (mine_len == 0)
    return TRUE;
  g_autofree char *inside = g_build_filename (d->runtime_inside, "Xauthority", NULL);
  SboxFsOp *op = sbox_sandbox_add_fs (&d->plan->sandbox, SBOX_FS_FILE, SBOX_FS_FLAG_SECRET, NULL,
                                      inside);
  op->content = g_memdup2 (data, mine_len);
  op->content_len = mine_len;
  op->mode = 0600;
  op->origin = g_strdup (origin_of_socket (d, door));
  sbox_sandbox_setenv (&d->plan->sandbox, "XAUTHORITY", inside);
  return TRUE;
}

/* wayland, x11 and fallback-x11 are one need, a display: the app starts
 * without one with a warning saying what was looked for. fallback-x11 is
 * taken only when no compositor answers. */
static void
add_display (Doors *d)
{
  gboolean want_wayland = has_socket (d, "wayland");
  gboolean want_x11 = has_socket (d, "x11");
  gboolean want_fallback = !want_x11 && has_socket (d, "fallback-x11");
  if (!want_wayland && !want_x11 && !want_fallback)
    return;
  gboolean wayland = want_wayland && add_wayland (d);
  gboolean x11 = FALSE;
  g_autofree char *x_why = NULL;
  if (want_x11)
    x11 = add_x11 (d, "x11", &x_why);
  else if (want_fallback && !wayland && wayland_socket (d) == NULL)
    x11 = add_x11 (d, "fallback-x11", &x_why);
  else if (want_fallback)
    {
      x_why = g_strdup ("a Wayland compositor is running, so no fallback X11");
      note (d, "fallback-x11: a Wayland compositor is running, no X11");
    }
  const char *wayland_display = caller_env (d, "WAYLAND_DISPLAY");
  g_autofree char *w_why = g_strdup_printf ("no Wayland compositor (WAYLAND_DISPLAY=%s)",
                                            wayland_display ? wayland_display : "unset");
  if (want_wayland && !wayland && (!want_fallback || !x11))
    sbox_plan_add_item (d->plan->missing_doors, "wayland", w_why);
  if ((want_x11 || (want_fallback && !wayland)) && !x11)
    sbox_plan_add_item (d->plan->missing_doors, want_x11 ? "x11" : "fallback-x11", x_why);
  if (wayland || x11)
    return;
  g_ptr_array_add (d->plan->warnings,
                   g_strdup_printf ("display: %s and %s; starting without a display", w_why,
                                    x_why ? x_why : "no X11 door"));
}

/* The app never sees the server's socket: launch.c starts the audio filter
 * (audio-filter.c) outside the sandbox, which relays only what playing,
 * recording and handling the app's own streams need, and the filter's
 * socket is bound in its place. */
static gboolean
add_pulseaudio (Doors *d)
{
  const char *server = caller_env (d, "PULSE_SERVER");
  g_autofree char *host = server && g_str_has_prefix (server, "unix:")
                              ? g_strdup (server + 5)
                              : in_runtime (d->runtime_host, "pulse/native");
  if (!is_socket (host))
    {
      g_autofree char *what = g_strdup_printf ("pulseaudio: no socket at %s, door closed",
                                               host ? host : "(unset)");
      note (d, what);
      return FALSE;
    }
  d->plan->sandbox.audio_upstream = g_steal_pointer (&host);
  d->plan->sandbox.audio_socket = g_build_filename (d->plan->instance.dir, "pulse-native", NULL);
  g_autofree char *inside = g_build_filename (d->runtime_inside, "pulse", "native", NULL);
  SboxFsOp *op = sbox_sandbox_add_fs (&d->plan->sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_RUNTIME,
                                      d->plan->sandbox.audio_socket, inside);
  op->origin = g_strdup (origin_of_socket (d, "pulseaudio"));
  g_autofree char *address = g_strconcat ("unix:", inside, NULL);
  sbox_sandbox_setenv (&d->plan->sandbox, "PULSE_SERVER", address);
  /* The filter refuses shared memory anyway; this keeps libpulse from
   * trying it. */
  g_autofree char *conf = g_build_filename (d->runtime_inside, "pulse", "client.conf", NULL);
  op = sbox_sandbox_add_fs (&d->plan->sandbox, SBOX_FS_FILE, SBOX_FS_FLAG_NONE, NULL, conf);
  op->content = g_strdup ("enable-shm=no\n");
  sbox_sandbox_setenv (&d->plan->sandbox, "PULSE_CLIENTCONFIG", conf);
  return TRUE;
}

static gboolean
add_pipewire (Doors *d)
{
  g_autofree char *host = in_runtime (d->runtime_host, "pipewire-0");
  g_autofree char *inside = g_build_filename (d->runtime_inside, "pipewire-0", NULL);
  /* PipeWire's own protocol lets a trusted client create and link
   * anything; its access module confines a client whose root holds
   * /.flatpak-info, which add_flatpak_info writes for this door. */
  if (!bind_socket (d, "pipewire", host, inside))
    return FALSE;
  note (d, "pipewire: the server's own socket, confined by PipeWire's rules for "
           "Flatpak apps (/.flatpak-info)");
  return TRUE;
}

/* pulseaudio and pipewire are one need, a sound server: either will do. */
static void
add_audio (Doors *d)
{
  gboolean want_pulse = has_socket (d, "pulseaudio"), want_pipewire = has_socket (d, "pipewire");
  gboolean pulse = want_pulse && add_pulseaudio (d);
  gboolean pipewire = want_pipewire && add_pipewire (d);
  if (want_pulse && !pulse)
    sbox_plan_add_item (d->plan->missing_doors, "pulseaudio",
                        "no PulseAudio socket (PULSE_SERVER, or pulse/native in XDG_RUNTIME_DIR)");
  if (want_pipewire && !pipewire)
    sbox_plan_add_item (d->plan->missing_doors, "pipewire",
                        "no PipeWire socket (pipewire-0 in XDG_RUNTIME_DIR)");
  if ((want_pulse || want_pipewire) && !pulse && !pipewire)
    g_ptr_array_add (d->plan->warnings,
                     g_strdup ("audio: no sound server (no PulseAudio or PipeWire socket in "
                               "XDG_RUNTIME_DIR); starting without sound"));
}

static void
add_simple_sockets (Doors *d)
{
  if (has_socket (d, "ssh-auth"))
    {
      g_autofree char *inside = g_build_filename (d->runtime_inside, "ssh-auth", NULL);
      const char *host = caller_env (d, "SSH_AUTH_SOCK");
      if (bind_socket (d, "ssh-auth", host, inside))
        sbox_sandbox_setenv (&d->plan->sandbox, "SSH_AUTH_SOCK", inside);
      else
        missing (d, "ssh-auth",
                 host ? "SSH_AUTH_SOCK names no socket"
                      : "no SSH agent (SSH_AUTH_SOCK is not set)");
    }
  if (has_socket (d, "gpg-agent"))
    {
      /* The agent's extra socket, made for untrusted remote hosts: the app
       * can have the agent sign and decrypt, but restricted mode refuses
       * what would change or reveal the agent's state (preset or cleared
       * passphrases, key import, option changes). */
      g_autofree char *host = in_runtime (d->runtime_host, "gnupg/S.gpg-agent.extra");
      g_autofree char *inside = g_build_filename (d->runtime_inside, "gnupg", "S.gpg-agent", NULL);
      if (!bind_socket (d, "gpg-agent", host, inside))
        missing (d, "gpg-agent", "no gpg-agent socket in XDG_RUNTIME_DIR/gnupg");
    }
  if (has_socket (d, "pcsc"))
    {
      const char *host = caller_env (d, "PCSCLITE_CSOCK_NAME");
      host = host ? host : "/run/pcscd/pcscd.comm";
      if (bind_socket (d, "pcsc", host, "/run/pcscd/pcscd.comm"))
        sbox_sandbox_setenv (&d->plan->sandbox, "PCSCLITE_CSOCK_NAME", "/run/pcscd/pcscd.comm");
    }
  if (has_socket (d, "cups")
      && bind_socket (d, "cups", "/run/cups/cups.sock", "/run/cups/cups.sock"))
    sbox_sandbox_setenv (&d->plan->sandbox, "CUPS_SERVER", "/run/cups/cups.sock");
}

/* ---- D-Bus ---- */

static const struct
{
  const char *policy;
  const char *option;
} proxy_options[] = {
  { "see", "--see" },   { "talk", "--talk" },           { "own", "--own" },
  { "call", "--call" }, { "broadcast", "--broadcast" },
};

/* One entry of a bus policy ("talk", "call", "call:RULE") as a proxy
 * option; call and broadcast without a rule allow any member on any path. */
static void
add_bus_rule (GPtrArray *args, const char *name, const char *level)
{
  const char *colon = strchr (level, ':');
  g_autofree char *policy = colon ? g_strndup (level, (gsize) (colon - level)) : g_strdup (level);
  gboolean takes_rule = g_str_equal (policy, "call") || g_str_equal (policy, "broadcast");
  for (gsize o = 0; o < G_N_ELEMENTS (proxy_options); o++)
    if (g_str_equal (policy, proxy_options[o].policy))
      g_ptr_array_add (args, takes_rule ? g_strdup_printf ("%s=%s=%s", proxy_options[o].option,
                                                           name, colon ? colon + 1 : "*")
                                        : g_strdup_printf ("%s=%s", proxy_options[o].option, name));
}

GPtrArray *
sbox_doors_build_proxy_args (gboolean full, GPtrArray *policies)
{
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);
  if (full)
    return args;
  g_ptr_array_add (args, g_strdup ("--filter"));
  for (guint i = 0; i < policies->len; i++)
    {
      const char *entry = ((SboxPlanItem *) g_ptr_array_index (policies, i))->value;
      const char *eq = strchr (entry, '=');
      g_autofree char *name = g_strndup (entry, (gsize) (eq - entry));
      g_auto (GStrv) levels = g_strsplit (eq + 1, ";", -1);
      for (char **level = levels; *level; level++)
        add_bus_rule (args, name, *level);
    }
  return args;
}

static char *
default_session_bus (Doors *d)
{
  const char *address = caller_env (d, "DBUS_SESSION_BUS_ADDRESS");
  if (address)
    return g_strdup (address);
  g_autofree char *path = in_runtime (d->runtime_host, "bus");
  return is_socket (path) ? g_strconcat ("unix:path=", path, NULL) : NULL;
}

static char *
default_system_bus (Doors *d)
{
  const char *address = caller_env (d, "DBUS_SYSTEM_BUS_ADDRESS");
  return g_strdup (address ? address : "unix:path=/run/dbus/system_bus_socket");
}

/* VALUE escaped as a D-Bus address value: bytes outside the set the
 * specification leaves plain become %XX. */
static char *
escape_address_value (const char *value)
{
  GString *out = g_string_new (NULL);
  for (const unsigned char *c = (const unsigned char *) value; *c; c++)
    if (g_ascii_isalnum (*c) || strchr ("-_/.\\*", *c))
      g_string_append_c (out, (char) *c);
    else
      g_string_append_printf (out, "%%%02x", *c);
  return g_string_free (out, FALSE);
}

/* The entry of a bus address (a ;-list, as D-Bus reads it) the proxy is
 * given, or NULL and *why. A unix:path= socket is checked here (its path
 * %-unescaped) and passed on alone; the first entry of another kind is left
 * to the proxy's sandbox, which refuses the kinds it cannot give. */
static char *
usable_bus (const char *address, char **why)
{
  if (address == NULL)
    {
      *why = g_strdup (
          "no bus (DBUS_SESSION_BUS_ADDRESS is not set and XDG_RUNTIME_DIR/bus is missing)");
      return NULL;
    }
  g_auto (GStrv) entries = g_strsplit (address, ";", -1);
  for (char **entry = entries; *entry; entry++)
    {
      if (**entry == '\0')
        continue;
      if (!g_str_has_prefix (*entry, "unix:path="))
        return g_strdup (*entry);
      g_autofree char *escaped = g_strndup (*entry + 10, strcspn (*entry + 10, ","));
      g_autofree char *path = g_uri_unescape_string (escaped, NULL);
      if (path && is_socket (path))
        {
          g_autofree char *value = escape_address_value (path);
          return g_strconcat ("unix:path=", value, NULL);
        }
      g_free (*why);
      *why = g_strdup_printf ("no bus at %s", path ? path : escaped);
    }
  if (*why == NULL)
    *why = g_strdup_printf ("no bus in the address '%s'", address);
  return NULL;
}

static gboolean
add_bus (Doors *d, const char *bus, gboolean full, GPtrArray *policies, GError **error)
{
  if (!full && policies->len == 0)
    return TRUE;
  gboolean session = g_str_equal (bus, "session");
  g_autofree char *given = session ? default_session_bus (d) : default_system_bus (d);
  g_autofree char *why = NULL;
  g_autofree char *upstream = usable_bus (given, &why);
  if (upstream == NULL)
    {
      g_autofree char *door = g_strconcat (bus, "-bus", NULL);
      missing (d, door, why);
      return TRUE;
    }

  SboxProxy *proxy = g_new0 (SboxProxy, 1);
  proxy->bus = g_strdup (bus);
  proxy->upstream = g_steal_pointer (&upstream);
  proxy->socket = g_build_filename (d->plan->instance.dir, session ? "bus" : "system-bus", NULL);
  proxy->args = sbox_doors_build_proxy_args (full, policies);
  if (full && d->plan->run.verbose)
    g_printerr ("sbox: %s bus: full access (sockets=%s-bus)\n", bus, bus);
  g_ptr_array_add (d->plan->sandbox.proxies, proxy);

  g_autofree char *inside = session ? g_build_filename (d->runtime_inside, "bus", NULL)
                                    : g_strdup ("/run/dbus/system_bus_socket");
  SboxFsOp *op = sbox_sandbox_add_fs (&d->plan->sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_RUNTIME,
                                      proxy->socket, inside);
  op->origin = g_strdup (full ? origin_of_socket (d, session ? "session-bus" : "system-bus")
                              : ((SboxPlanItem *) g_ptr_array_index (policies, 0))->origin);
  g_autofree char *address = g_strconcat ("unix:path=", inside, NULL);
  sbox_sandbox_setenv (&d->plan->sandbox,
                       session ? "DBUS_SESSION_BUS_ADDRESS" : "DBUS_SYSTEM_BUS_ADDRESS", address);
  return TRUE;
}

/* ---- portals ---- */

static void
append_list (GString *out, const char *key, GPtrArray *list)
{
  if (list->len == 0)
    return;
  g_string_append_printf (out, "%s=", key);
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (out, "%s;", ((SboxSetting *) g_ptr_array_index (list, i))->value);
  g_string_append_c (out, '\n');
}

/* xdg-desktop-portal recognises a sandboxed peer by /.flatpak-info in its
 * root: with it, the file chooser, notifications, open-URI and the other
 * portals answer the app by its id. The peer a portal sees is the app's
 * xdg-dbus-proxy, whose own root gets this same file (proxy-sandbox.c).
 * PipeWire's access module looks for the same file to treat a client as a
 * restricted Flatpak app. */
static void
add_flatpak_info (Doors *d)
{
  SboxPlan *plan = d->plan;
  gboolean pipewire = has_socket (d, "pipewire");
  if (plan->app_id == NULL && !pipewire)
    return;
  /* Without an AppId, an id of this run alone: portals keep nothing for it
   * and no other app shares it. */
  g_autofree char *run_id = plan->app_id ? NULL
                                         : g_strdup_printf ("org.sbox.Run%s", plan->instance.id);
  gboolean session_proxy = FALSE, system_proxy = FALSE;
  for (guint i = 0; i < plan->sandbox.proxies->len; i++)
    {
      SboxProxy *proxy = g_ptr_array_index (plan->sandbox.proxies, i);
      session_proxy |= g_str_equal (proxy->bus, "session");
      system_proxy |= g_str_equal (proxy->bus, "system");
    }
  GString *out = g_string_new ("[Application]\n");
  g_string_append_printf (out, "name=%s\nruntime=runtime/org.sbox.Host/%s/host\n\n",
                          plan->app_id ? plan->app_id : run_id, "x86_64");
  g_string_append_printf (out, "[Instance]\ninstance-id=%s\nsbox-version=%s\n", plan->instance.id,
                          PACKAGE_VERSION);
  g_string_append_printf (out, "session-bus-proxy=%s\nsystem-bus-proxy=%s\n\n[Context]\n",
                          session_proxy ? "true" : "false", system_proxy ? "true" : "false");
  append_list (out, "shared", sbox_profile_get_list (d->profile, SBOX_KEY_CONTEXT_SHARED));
  append_list (out, "sockets", sbox_profile_get_list (d->profile, SBOX_KEY_CONTEXT_SOCKETS));
  append_list (out, "devices", sbox_profile_get_list (d->profile, SBOX_KEY_CONTEXT_DEVICES));
  append_list (out, "filesystems",
               sbox_profile_get_list (d->profile, SBOX_KEY_CONTEXT_FILESYSTEMS));
  SboxFsOp *op = sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_FILE, SBOX_FS_FLAG_NONE, NULL,
                                      "/.flatpak-info");
  op->content = g_string_free (out, FALSE);
  op->mode = 0444;
}

gboolean
sbox_doors_add (SboxProfile *profile, const SboxExpandContext *caller, SboxPlan *plan,
                GError **error)
{
  g_autofree char *runtime_inside = g_strdup_printf ("/run/user/%u", caller->uid);
  Doors d = {
    .profile = profile, .caller = caller, .plan = plan, .runtime_inside = runtime_inside
  };
  d.runtime_host = caller_env (&d, "XDG_RUNTIME_DIR");

  add_display (&d);
  add_audio (&d);
  add_simple_sockets (&d);
  return add_bus (&d, "session", has_socket (&d, "session-bus"), plan->sandbox.session_bus, error)
         && add_bus (&d, "system", has_socket (&d, "system-bus"), plan->sandbox.system_bus, error)
         && (add_flatpak_info (&d), TRUE);
}
