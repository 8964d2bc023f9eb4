package xlsx

// renameOpen says whether a file may be renamed while open: not on
// Windows, where the handle does not share deletion.
const renameOpen = false
