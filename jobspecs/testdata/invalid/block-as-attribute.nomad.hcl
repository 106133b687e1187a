job "attr" {
  group "g" {
    task "t" {
      driver    = "exec"
      resources = { cpu = 100 }
    }
  }
}
