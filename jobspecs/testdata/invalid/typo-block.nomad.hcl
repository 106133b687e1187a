job "typo" {
  group "web" {
    contraint {
      attribute = "${attr.kernel.name}"
      value     = "linux"
    }
    task "web" {
      driver = "exec"
    }
  }
}
