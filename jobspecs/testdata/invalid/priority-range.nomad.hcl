job "urgent" {
  priority = 150
  group "g" {
    task "t" {
      driver = "exec"
    }
  }
}
