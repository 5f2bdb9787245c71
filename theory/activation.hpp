// Hidden-unit nonlinearities and the property the theory needs from each: whether the
// pattern-forming objective has a cubic term (theory/README.md, "The activation rule").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gridtheory {

enum class Activation { relu, tanh, sigmoid, linear };

const std::vector<std::string_view>& activation_names();
std::string_view activation_name(Activation a);
// Throws UserError naming `option` for an unknown name.
Activation parse_activation(std::string_view option, std::string_view text);

// The rule (theory/README.md section 7): a cubic term exists iff f(h) - f(0) is not an odd
// function of the (bias-free, centred) pre-activation h. relu: yes; tanh, linear and sigmoid
// (sigmoid(h) - 1/2 = tanh(h/2)/2): no.
bool has_cubic_term(Activation a);
// The output range as text, e.g. "[0, inf)", for reports.
std::string_view output_range(Activation a);

} // namespace gridtheory
