job "typo" {
  datacenter = ["dc1"]
  group "web" {
    task "web" {
      driver = "exec"
    }
  }
}
