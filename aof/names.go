package aof

import "strconv"

// Default names (Redis's appenddirname and appendfilename).
const (
	DefaultDirName  = "appendonlydir"
	DefaultFileName = "appendonly.aof"
)

// File name parts, as Redis 7 builds them.
const (
	baseSuffix     = ".base"
	incrSuffix     = ".incr"
	rdbSuffix      = ".rdb"
	aofSuffix      = ".aof"
	manifestSuffix = ".manifest"
	tempPrefix     = "temp-"
)

// BaseName is <prefix>.<seq>.base.rdb for an RDB base, .base.aof for RESP.
func BaseName(prefix string, seq int64, rdb bool) string {
	format := aofSuffix
	if rdb {
		format = rdbSuffix
	}
	return prefix + "." + strconv.FormatInt(seq, 10) + baseSuffix + format
}

// IncrName is <prefix>.<seq>.incr.aof.
func IncrName(prefix string, seq int64) string {
	return prefix + "." + strconv.FormatInt(seq, 10) + incrSuffix + aofSuffix
}

// ManifestName is <prefix>.manifest.
func ManifestName(prefix string) string { return prefix + manifestSuffix }

// TempManifestName is where a new manifest is written before its rename.
func TempManifestName(prefix string) string { return tempPrefix + prefix + manifestSuffix }

// tempBaseName is where a new base is written before its rename.
func tempBaseName(prefix string) string { return tempPrefix + "rewrite-" + prefix + ".base" }
