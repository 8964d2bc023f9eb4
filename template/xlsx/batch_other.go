//go:build !windows

package xlsx

// renameOpen says whether a file may be renamed while open.
const renameOpen = true
