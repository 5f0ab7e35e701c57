# fish completion for sbox: options from `sbox --help`, values for the
# options that take a fixed set, profiles from `sbox --list-profiles`.
function __sbox_options
    sbox --help 2>/dev/null | string match -r '^\s+(--[a-z0-9-]+)' | string match -r -- '--[a-z0-9-]+'
end
complete -c sbox -f -a '(__sbox_options)' -n 'string match -q -- "-*" (commandline -ct)'
complete -c sbox -l profile -x -a '(sbox --list-profiles 2>/dev/null | string split -f1 " ")'
complete -c sbox -l check-profile -x -a '(sbox --list-profiles 2>/dev/null | string split -f1 " ")'
complete -c sbox -l socket -x -a 'x11 fallback-x11 wayland pulseaudio pipewire session-bus system-bus ssh-auth pcsc cups gpg-agent'
complete -c sbox -l device -x -a 'dri kvm input shm all'
complete -c sbox -l share -x -a 'network ipc'
complete -c sbox -l network -x -a 'loopback none host isolated filtered'
complete -c sbox -l seccomp -x -a 'default strict none'
complete -c sbox -l home -x -a 'private tmpfs host-ro host'
complete -c sbox -l file-arguments -x -a 'ro rw none'
complete -c sbox -l landlock -x -a 'true false required'
complete -c sbox -l fallback -x -a 'refuse confine'
complete -c sbox -l feature -x -a 'devel multiarch'
complete -c sbox -l enter -x -a '(sbox --list 2>/dev/null | string match -rv "^ID " | string split -f2 -n " ")'
complete -c sbox -l kill -x -a '(sbox --list 2>/dev/null | string match -rv "^ID " | string split -f2 -n " ")'
complete -c sbox -l signal -x -a 'TERM INT HUP KILL QUIT USR1 USR2'
complete -c sbox -a '(__fish_complete_subcommand)'
