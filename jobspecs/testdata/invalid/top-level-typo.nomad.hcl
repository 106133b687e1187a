jb "x" {
}
