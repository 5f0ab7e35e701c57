/* sbox-desktop: not built yet */
int main (void) { return 1; }
