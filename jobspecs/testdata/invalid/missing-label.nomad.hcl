job "nolabel" {
  group {
    task "t" {
      driver = "exec"
    }
  }
}
