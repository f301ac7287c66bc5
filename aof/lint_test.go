package aof

import (
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// TestNoDirectFileAccess keeps every file operation of the persistence
// packages behind vfs.FS, so that crash and error-injection tests see all
// of them.
func TestNoDirectFileAccess(t *testing.T) {
	forbidden := map[string]bool{"os": true, "io/ioutil": true, "path/filepath": true}
	fs := vfs.Default
	for _, dir := range []string{".", "../wal"} {
		names, err := fs.List(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if !strings.HasSuffix(name, ".go") {
				continue
			}
			path := fs.PathJoin(dir, name)
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range f.Imports {
				if p, _ := strconv.Unquote(imp.Path.Value); forbidden[p] {
					t.Errorf("%s imports %q: go through vfs.FS", path, p)
				}
			}
		}
	}
}
