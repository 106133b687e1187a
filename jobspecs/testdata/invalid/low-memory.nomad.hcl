job "tiny" {
  group "g" {
    task "t" {
      driver = "exec"
      resources {
        cpu    = 100
        memory = 4
      }
    }
  }
}
