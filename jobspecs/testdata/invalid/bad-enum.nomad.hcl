job "enum" {
  type = "servce"
  group "g" {
    task "t" {
      driver = "exec"
    }
  }
}
