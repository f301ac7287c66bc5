package server

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// directive is one configuration parameter, named and validated as in
// redis-server 7.0.
type directive struct {
	name    string
	aliases []string
	def     string
	// parse validates a value given as the argument words and returns its
	// canonical form, as CONFIG GET shows it.
	parse func(args []string) (string, error)
	// immutable directives are set at startup only.
	immutable bool
	// protected directives need enable-protected-configs to change at run
	// time.
	protected bool
	// multiArg directives take several words on a config line (save,
	// client-output-buffer-limit, bind).
	multiArg bool
	// hidden directives (debugging knobs) are left out of CONFIG GET
	// patterns and shown only when named, as Redis's HIDDEN_CONFIG.
	hidden bool
}

// Config holds the server's configuration values in canonical text form.
type Config struct {
	mu   sync.RWMutex
	vals map[string]string
	// File is the config file the server started with, for CONFIG REWRITE.
	File string
}

var (
	directives = map[string]*directive{}
	aliasOf    = map[string]string{}
)

func define(ds ...*directive) {
	for _, d := range ds {
		directives[d.name] = d
		for _, a := range d.aliases {
			aliasOf[a] = d.name
		}
	}
}

func lookupDirective(name string) *directive {
	name = strings.ToLower(name)
	if a, ok := aliasOf[name]; ok {
		name = a
	}
	return directives[name]
}

// NewConfig returns the defaults.
func NewConfig() *Config {
	c := &Config{vals: map[string]string{}}
	for name, d := range directives {
		c.vals[name] = d.def
	}
	return c
}

// Get returns a directive's canonical value.
func (c *Config) Get(name string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if a, ok := aliasOf[name]; ok {
		name = a
	}
	return c.vals[name]
}

// Int returns a numeric directive's value.
func (c *Config) Int(name string) int64 {
	n, _ := strconv.ParseInt(c.Get(name), 10, 64)
	return n
}

// Bool returns a yes/no directive's value.
func (c *Config) Bool(name string) bool { return c.Get(name) == "yes" }

// set validates and stores one directive.
func (c *Config) set(name string, args []string) (string, error) {
	d := lookupDirective(name)
	if d == nil {
		return "", errBadDirective
	}
	if !d.multiArg && len(args) != 1 {
		return "", errBadDirective
	}
	v, err := d.parse(args)
	if err != nil {
		return "", err
	}
	c.mu.Lock()
	if d.name == "client-output-buffer-limit" {
		v = mergeOutputLimits(c.vals[d.name], v)
	}
	c.vals[d.name] = v
	c.mu.Unlock()
	return d.name, nil
}

// Names returns every directive name, sorted.
// restore puts back canonical values taken with Get (a CONFIG SET that
// failed part way).
func (c *Config) restore(vals map[string]string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for n, v := range vals {
		c.vals[n] = v
	}
}

func (c *Config) Names() []string {
	out := make([]string, 0, len(directives))
	for n := range directives {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var errBadDirective = fmt.Errorf("Bad directive or wrong number of arguments")

// ConfigError is a startup configuration error, reported the way
// redis-server reports one.
type ConfigError struct {
	Line    int
	Text    string
	Message string
}

func (e *ConfigError) Error() string {
	return fmt.Sprintf("\n*** FATAL CONFIG FILE ERROR (Redis %s) ***\nReading the configuration file, at line %d\n>>> '%s'\n%s",
		RedisVersion, e.Line, e.Text, e.Message)
}

// Load applies config file text followed by command-line directives, as
// redis-server does: the arguments "--port 7000 --save ”" become extra
// lines appended to the file's content.
func (c *Config) Load(fileText string, argv []string) error {
	lines := strings.Split(fileText, "\n")
	lines = append(lines, argvToLines(argv)...)
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' {
			continue
		}
		words, ok := splitConfigLine(line)
		if !ok {
			return &ConfigError{i + 1, line, "Unbalanced quotes in configuration line"}
		}
		if len(words) == 0 {
			continue
		}
		if strings.EqualFold(words[0], "include") {
			return &ConfigError{i + 1, line, "include is not supported"}
		}
		if _, err := c.set(words[0], words[1:]); err != nil {
			return &ConfigError{i + 1, line, err.Error()}
		}
	}
	return nil
}

// argvToLines turns "--name v1 v2 --other v" into config lines.
func argvToLines(argv []string) []string {
	var lines []string
	var cur []string
	for _, a := range argv {
		if strings.HasPrefix(a, "--") && len(a) > 2 {
			if cur != nil {
				lines = append(lines, strings.Join(cur, " "))
			}
			cur = []string{a[2:]}
			continue
		}
		if cur == nil {
			cur = []string{}
		}
		cur = append(cur, quoteConfigWord(a))
	}
	if cur != nil {
		lines = append(lines, strings.Join(cur, " "))
	}
	return lines
}

func quoteConfigWord(s string) string {
	if s == "" || strings.ContainsAny(s, " \t\"'\\") {
		return strconv.Quote(s)
	}
	return s
}

// splitConfigLine splits a config line into words, honouring quotes.
func splitConfigLine(line string) ([]string, bool) {
	var words []string
	i := 0
	for i < len(line) {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if i >= len(line) {
			break
		}
		var w strings.Builder
		switch q := line[i]; q {
		case '"', '\'':
			i++
			closed := false
			for i < len(line) {
				ch := line[i]
				if ch == '\\' && i+1 < len(line) && q == '"' {
					i++
					switch line[i] {
					case 'n':
						w.WriteByte('\n')
					case 't':
						w.WriteByte('\t')
					case 'r':
						w.WriteByte('\r')
					default:
						w.WriteByte(line[i])
					}
					i++
					continue
				}
				if ch == q {
					closed = true
					i++
					break
				}
				w.WriteByte(ch)
				i++
			}
			if !closed {
				return nil, false
			}
		default:
			for i < len(line) && line[i] != ' ' && line[i] != '\t' {
				w.WriteByte(line[i])
				i++
			}
		}
		words = append(words, w.String())
	}
	return words, true
}

// ---- value parsers --------------------------------------------------------

func boolDir(name, def string, aliases ...string) *directive {
	return &directive{name: name, def: def, aliases: aliases, parse: func(a []string) (string, error) {
		switch strings.ToLower(a[0]) {
		case "yes":
			return "yes", nil
		case "no":
			return "no", nil
		}
		return "", fmt.Errorf("argument must be 'yes' or 'no'")
	}}
}

func intDir(name string, def, min, max int64, aliases ...string) *directive {
	return &directive{name: name, def: strconv.FormatInt(def, 10), aliases: aliases,
		parse: func(a []string) (string, error) {
			n, err := strconv.ParseInt(a[0], 10, 64)
			if err != nil {
				return "", fmt.Errorf("argument couldn't be parsed into an integer")
			}
			if n < min || n > max {
				return "", fmt.Errorf("argument must be between %d and %d inclusive", min, max)
			}
			return strconv.FormatInt(n, 10), nil
		}}
}

func memDir(name string, def, min, max int64, aliases ...string) *directive {
	return &directive{name: name, def: strconv.FormatInt(def, 10), aliases: aliases,
		parse: func(a []string) (string, error) {
			n, ok := parseMemory(a[0])
			if !ok {
				return "", fmt.Errorf("argument must be a memory value")
			}
			if n < min || n > max {
				return "", fmt.Errorf("argument must be between %d and %d inclusive", min, max)
			}
			return strconv.FormatInt(n, 10), nil
		}}
}

func enumDir(name, def string, values ...string) *directive {
	return &directive{name: name, def: def, parse: func(a []string) (string, error) {
		for _, v := range values {
			if strings.EqualFold(a[0], v) {
				return v, nil
			}
		}
		return "", fmt.Errorf("argument(s) must be one of the following: %s", strings.Join(values, ", "))
	}}
}

func stringDir(name, def string) *directive {
	return &directive{name: name, def: def, parse: func(a []string) (string, error) { return a[0], nil }}
}

// parseMemory parses "1gb", "100mb", "4k", "1024" as Redis's memtoull.
func parseMemory(s string) (int64, bool) {
	s = strings.ToLower(s)
	mul := int64(1)
	for _, u := range []struct {
		suffix string
		mul    int64
	}{{"gb", 1 << 30}, {"mb", 1 << 20}, {"kb", 1 << 10}, {"g", 1e9}, {"m", 1e6}, {"k", 1e3}, {"b", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mul = strings.TrimSuffix(s, u.suffix), u.mul
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		// Negative values are allowed for a few directives; callers that
		// allow them check bounds.
		if err == nil {
			return n * mul, true
		}
		return 0, false
	}
	return n * mul, true
}
