package scripting

import (
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Library is one FUNCTION LOAD payload and the functions it registered.
type Library struct {
	Name  string
	Code  string               // the whole payload, shebang included
	Funcs map[string]*Function // by lower-case name
}

// Function is one function a library registered.
type Function struct {
	Name, Desc string
	Flags      Flags
	Lib        *Library
	fn         *lua.LFunction
}

// SortedFuncs returns the library's functions by name.
func (l *Library) SortedFuncs() []*Function {
	out := make([]*Function, 0, len(l.Funcs))
	for _, f := range l.Funcs {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// libraries holds the loaded libraries and their functions by name.
type libraries struct {
	byName map[string]*Library
	funcs  map[string]*Function
}

func newLibraries() libraries {
	return libraries{byName: map[string]*Library{}, funcs: map[string]*Function{}}
}

// parseLibraryHeader reads "#!<engine> name=<lib>" and returns the engine,
// the library name and where the code starts (at the newline, so line
// numbers stay right).
func parseLibraryHeader(code string) (engine, name string, start int, errText string) {
	if !strings.HasPrefix(code, "#!") {
		return "", "", 0, "ERR Missing library metadata"
	}
	end := strings.IndexByte(code, '\n')
	if end < 0 {
		return "", "", 0, "ERR Invalid library metadata"
	}
	parts := strings.Fields(code[:end])
	if len(parts) == 0 {
		return "", "", 0, "ERR Invalid library metadata"
	}
	engine = parts[0][2:]
	for _, p := range parts[1:] {
		if len(p) >= 5 && strings.EqualFold(p[:5], "name=") {
			if name != "" {
				return "", "", 0, "ERR Invalid metadata value, name argument was given multiple times"
			}
			name = p[5:]
			continue
		}
		return "", "", 0, "ERR Invalid metadata value given: " + p
	}
	if name == "" {
		return "", "", 0, "ERR Library name was not given"
	}
	return engine, name, end, ""
}

func validLibraryName(name string) bool {
	if name == "" {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// LoadLibrary compiles a library and runs its body so it registers its
// functions. It returns the library name, or the error reply text.
func (e *Engine) LoadLibrary(code string, replace bool) (string, string) {
	engine, name, start, errText := parseLibraryHeader(code)
	if errText != "" {
		return "", errText
	}
	if !validLibraryName(name) {
		return "", "ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long"
	}
	if !strings.EqualFold(engine, "lua") {
		return "", "ERR Engine '" + engine + "' not found"
	}
	old := e.libs.byName[name]
	if old != nil && !replace {
		return "", "ERR Library '" + name + "' already exists"
	}
	lib, errText := e.compileLibrary(name, code, start)
	if errText != "" {
		return "", errText
	}
	for key, nf := range lib.Funcs {
		if f := e.libs.funcs[key]; f != nil && f.Lib != old {
			return "", "ERR Function " + nf.Name + " already exists"
		}
	}
	if old != nil {
		e.DeleteLibrary(name)
	}
	e.libs.byName[name] = lib
	for fname, f := range lib.Funcs {
		e.libs.funcs[fname] = f
	}
	return name, ""
}

func (e *Engine) compileLibrary(name, code string, start int) (*Library, string) {
	fn, err := e.L.Load(strings.NewReader(code[start:]), "user_function")
	if err != nil {
		return nil, "ERR Error compiling function: " + compileError(err)
	}
	fn.Env = e.fnEnv
	lib := &Library{Name: name, Code: code, Funcs: map[string]*Function{}}
	e.loading = lib
	defer func() { e.loading = nil }()
	L := e.L
	if err := L.CallByParam(lua.P{Fn: fn, NRet: 0, Protect: true}); err != nil {
		return nil, "ERR Error registering functions: " + loadErrorText(err)
	}
	if len(lib.Funcs) == 0 {
		return nil, "ERR No functions registered"
	}
	return lib, ""
}

func loadErrorText(err error) string {
	ae, ok := err.(*lua.ApiError)
	if !ok {
		return err.Error()
	}
	if t, ok := ae.Object.(*lua.LTable); ok {
		return lua.LVAsString(t.RawGetString("err"))
	}
	return "ERR " + ae.Object.String()
}

// DeleteLibrary removes a library and its functions.
func (e *Engine) DeleteLibrary(name string) bool {
	lib := e.libs.byName[name]
	if lib == nil {
		return false
	}
	for fname := range lib.Funcs {
		delete(e.libs.funcs, fname)
	}
	delete(e.libs.byName, name)
	return true
}

// FlushLibraries removes every library.
func (e *Engine) FlushLibraries() { e.libs = newLibraries() }

// Function returns a registered function by name, ignoring case as
// Redis's function dictionary does.
func (e *Engine) Function(name string) *Function { return e.libs.funcs[strings.ToLower(name)] }

// Libraries returns the loaded libraries sorted by name.
func (e *Engine) Libraries() []*Library { return e.libs.sorted() }

// FunctionCount is the number of registered functions.
func (e *Engine) FunctionCount() int { return len(e.libs.funcs) }

// RestoreLibraries loads library payloads as FUNCTION RESTORE does, with
// policy "FLUSH" (drop the current libraries), "APPEND" (a name already
// loaded is an error) or "REPLACE" (the restored library wins). On any
// error the current libraries are left as they were.
func (e *Engine) RestoreLibraries(codes []string, policy string) string {
	old := e.libs
	e.libs = newLibraries()
	for _, code := range codes {
		if _, errText := e.LoadLibrary(code, false); errText != "" {
			e.libs = old
			return errText
		}
	}
	if policy == "FLUSH" {
		return ""
	}
	restored := e.libs
	e.libs = joinLibraries(old, restored, policy == "REPLACE")
	if e.libs.byName == nil {
		e.libs = old
		return joinError(old, restored, policy == "REPLACE")
	}
	return ""
}

// joinLibraries merges add into a copy of base; it returns an empty set
// (nil maps) on a collision.
func joinLibraries(base, add libraries, replace bool) libraries {
	out := newLibraries()
	for name, l := range base.byName {
		if add.byName[name] != nil {
			if !replace {
				return libraries{}
			}
			continue
		}
		out.byName[name] = l
		for k, f := range l.Funcs {
			out.funcs[k] = f
		}
	}
	for name, l := range add.byName {
		for k := range l.Funcs {
			if out.funcs[k] != nil {
				return libraries{}
			}
		}
		out.byName[name] = l
		for k, f := range l.Funcs {
			out.funcs[k] = f
		}
	}
	return out
}

// joinError words the collision joinLibraries found.
func joinError(base, add libraries, replace bool) string {
	for _, l := range add.sorted() {
		if base.byName[l.Name] != nil && !replace {
			return "ERR Library " + l.Name + " already exists"
		}
	}
	for _, l := range add.sorted() {
		for _, f := range l.SortedFuncs() {
			if g := base.funcs[strings.ToLower(f.Name)]; g != nil && add.byName[g.Lib.Name] == nil {
				return "ERR Function " + f.Name + " already exists"
			}
		}
	}
	return "ERR Function already exists"
}

func (ls libraries) sorted() []*Library {
	out := make([]*Library, 0, len(ls.byName))
	for _, l := range ls.byName {
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
