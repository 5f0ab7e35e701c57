/* net.h — networking inside a new network namespace. */
#pragma once

/* Bring the loopback interface up; -1 with errno on failure. Child side. */
int sbox_net_loopback_up (void);
