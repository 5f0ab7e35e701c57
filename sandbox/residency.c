/* residency.c — what the waiting processes keep mapped. Setup runs through
 * much of sbox's and libc's code; the launcher and the sandbox's init then
 * only wait. Dropping the page-table entries of code and read-only data
 * (the pages stay in the page cache, shared) leaves them resident with just
 * what the waiting loop touches again. */
#include "config.h"

#include <link.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include "residency.h"

#ifdef __SANITIZE_ADDRESS__
/* The sanitizer build keeps everything: its runtime tracks these mappings. */
void
sbox_residency_drop_code (void)
{
}

void
sbox_residency_trim_heap (void)
{
}
#else
static int
drop_read_only_segments (struct dl_phdr_info *info, size_t size, void *data)
{
  (void) size;
  uintptr_t page = *(const uintptr_t *) data;
  for (int i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW (Phdr) *ph = &info->dlpi_phdr[i];
      /* Writable segments hold this process's state (relocated data, RELRO
       * included): dropping those pages would bring back the file's. */
      if (ph->p_type != PT_LOAD || (ph->p_flags & PF_W))
        continue;
      uintptr_t start = (info->dlpi_addr + ph->p_vaddr) & ~(page - 1);
      uintptr_t stop = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + page - 1) & ~(page - 1);
      madvise ((void *) start, stop - start, MADV_DONTNEED);
    }
  return 0;
}

/* Below the waiting loop's frames the stack held setup's buffers (paths,
 * messages, mount state), which nothing reads again. The kernel keeps a
 * guard gap of at least 1 MiB free below a stack's mapping, so a range
 * reaching past the mapping's end meets nothing else (madvise skips the
 * hole and reports ENOMEM). */
static void __attribute__ ((noinline)) drop_dead_stack (uintptr_t page)
{
  char here;
  uintptr_t top = ((uintptr_t) &here - 16 * 1024) & ~(page - 1);
  size_t span = 512 * 1024;
  if (top > span)
    madvise ((void *) (top - span), span, MADV_DONTNEED);
}

void
sbox_residency_drop_code (void)
{
  uintptr_t page = (uintptr_t) sysconf (_SC_PAGESIZE);
  dl_iterate_phdr (drop_read_only_segments, &page);
  drop_dead_stack (page);
}

void
sbox_residency_trim_heap (void)
{
  malloc_trim (0);
}
#endif

void
sbox_residency_start (SboxResidency *residency, gboolean heap)
{
  residency->at = g_get_monotonic_time () + SBOX_RESIDENCY_SETTLE_MS * 1000;
  residency->heap = heap;
}

int
sbox_residency_timeout (const SboxResidency *residency, int wait_ms)
{
  if (residency->at == 0)
    return wait_ms;
  int until = (int) MAX (0, (residency->at - g_get_monotonic_time () + 999) / 1000);
  return wait_ms < 0 || until < wait_ms ? until : wait_ms;
}

void
sbox_residency_settle (SboxResidency *residency)
{
  if (residency->at == 0 || g_get_monotonic_time () < residency->at)
    return;
  residency->at = 0;
  if (residency->heap)
    sbox_residency_trim_heap ();
  sbox_residency_drop_code ();
}
