package scripting

import "strings"

// Flags are a script's shebang flags (#!lua flags=...).
type Flags uint8

const (
	// FlagNoWrites forbids write commands (and lets EVAL_RO run it).
	FlagNoWrites Flags = 1 << iota
	FlagAllowOOM
	FlagAllowStale
	FlagNoCluster
	FlagAllowCrossSlot
	// FlagCompat marks a script without a shebang: Redis keeps the
	// pre-7.0 rules for it (writes allowed, no *_RO refusal up front).
	FlagCompat
)

var flagWords = map[string]Flags{
	"no-writes": FlagNoWrites, "allow-oom": FlagAllowOOM, "allow-stale": FlagAllowStale,
	"no-cluster": FlagNoCluster, "allow-cross-slot-keys": FlagAllowCrossSlot,
}

// parseShebang reads the optional first line "#!lua [flags=a,b]" and
// returns the flags and how many bytes the line takes (the newline is
// kept in the body so line numbers stay right).
func parseShebang(body string) (Flags, int, string) {
	if !strings.HasPrefix(body, "#!") {
		return FlagCompat, 0, ""
	}
	end := strings.IndexByte(body, '\n')
	if end < 0 {
		return 0, 0, "ERR Invalid script shebang"
	}
	parts := strings.Fields(body[:end])
	if len(parts) == 0 {
		return 0, 0, "ERR Invalid engine in script shebang"
	}
	if parts[0] != "#!lua" {
		return 0, 0, "ERR Unexpected engine in script shebang: " + parts[0]
	}
	var f Flags
	for _, p := range parts[1:] {
		list, ok := strings.CutPrefix(p, "flags=")
		if !ok {
			return 0, 0, "ERR Unknown lua shebang option: " + p
		}
		if list == "" {
			continue
		}
		for _, w := range strings.Split(list, ",") {
			bit, known := flagWords[w]
			if !known {
				return 0, 0, "ERR Unexpected flag in script shebang: " + w
			}
			f |= bit
		}
	}
	return f, end, ""
}

// Names returns the flag names in Redis's order, for FUNCTION LIST.
func (f Flags) Names() []string {
	var out []string
	for _, fw := range []struct {
		f    Flags
		name string
	}{
		{FlagNoWrites, "no-writes"}, {FlagAllowOOM, "allow-oom"}, {FlagAllowStale, "allow-stale"},
		{FlagNoCluster, "no-cluster"}, {FlagAllowCrossSlot, "allow-cross-slot-keys"},
	} {
		if f&fw.f != 0 {
			out = append(out, fw.name)
		}
	}
	return out
}
