job "dur" {
  group "g" {
    task "t" {
      driver       = "exec"
      kill_timeout = "30 seconds"
    }
  }
}
