/* net.c — a new network namespace starts with lo down; bring it up so local
 * IPC over 127.0.0.1 works while nothing else is reachable. */
#include "config.h"

#include <errno.h>
#include <net/if.h>
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
