package server

// Error texts of scripting, as Redis 7.0.15 words them.
const (
	errNoScript          = "NOSCRIPT No matching script. Please use EVAL."
	errNumKeysTooMany    = "ERR Number of keys can't be greater than number of args"
	errNumKeysNegative   = "ERR Number of keys can't be negative"
	errScriptWriteRO     = "ERR Can not execute a script with write flag using *_ro command."
	errScriptFlushOption = "ERR SCRIPT FLUSH only support SYNC|ASYNC option"
	errNotBusy           = "NOTBUSY No scripts in execution right now."
	errScriptOOM         = "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'"
	errScriptMisconfRDB  = "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts."
	errScriptMisconfAOF  = "MISCONF Redis is configured to persist data to AOF, but it's currently unable to persist to disk. Writable scripts are blocked. Use 'no-writes' flag for read only scripts. AOF error: "

	// Refusals of commands called from a script (the script sees them as
	// {err=...} tables with the ERR code added).
	refuseUnknown  = "Unknown Redis command called from script"
	refuseArity    = "Wrong number of args calling Redis command from script"
	refuseNoScript = "This Redis command is not allowed from script"
	refuseWriteRO  = "Write commands are not allowed from read-only scripts."
)
