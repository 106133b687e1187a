job "types" {
  group "g" {
    count = "three"
    task "t" {
      driver = "exec"
    }
  }
}
