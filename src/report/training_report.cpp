#include "src/report/training_report.hpp"

#include "src/report/text_values.hpp"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace gridtheory {

namespace {

double number_of(const nlohmann::ordered_json& j, const char* key) {
  return j.contains(key) && j.at(key).is_number() ? j.at(key).get<double>() : NAN;
}

std::string string_or_missing(const nlohmann::ordered_json& j, const char* key) {
  const auto v = j.value(key, nlohmann::ordered_json(nullptr));
  return v.is_string() ? v.get<std::string>() : std::string(missing_text);
}

} // namespace

std::string train_summary_text(const nlohmann::ordered_json& summary,
                               const std::filesystem::path& dir) {
  std::ostringstream out;
  const auto value = [&](const char* key) { return number_of(summary, key); };
  const auto num = [&](const char* key) { return text_number(value(key)); };
  const auto& steps = summary.contains("steps") ? summary.at("steps") : nlohmann::ordered_json();
  out << "steps             "
      << (steps.is_number_integer() ? std::to_string(steps.get<long long>()) : num("steps"))
      << " in " << num("seconds") << " s (" << num("ms_per_step") << " ms/step)\n";
  out << "decoding error    " << text_number(value("decoding_error_cm"), "cm") << "\n";
  if (summary.contains("max_score_60")) {
    out << "grid units        max score_60 " << num("max_score_60") << ", "
        << text_percent(value("fraction_score_60_above_0.3")) << " above 0.3, "
        << text_percent(value("fraction_score_60_above_0.8")) << " above 0.8 ("
        << string_or_missing(summary, "sac") << " SAC)\n";
    out << "spacing           median " << text_number(value("median_grid_spacing_m"), "m")
        << " (units above 0.3); predicted " << text_number(value("predicted_grid_spacing_m"), "m")
        << " (" << string_or_missing(summary, "predicted_pattern") << ")\n";
  }
  out << "written           " << dir.string() << "\n";
  return out.str();
}

std::string evaluation_text(const nlohmann::ordered_json& j, const std::string& out) {
  std::ostringstream s;
  s << "checkpoint        " << j.at("checkpoint").get<std::string>() << " (step "
    << j.at("checkpoint_step").get<long long>() << ")\n"
    << "decoding error    " << text_number(number_of(j, "decoding_error_cm"), "cm", 6) << "\n"
    << "max score_60      " << text_number(number_of(j, "max_score_60"), 6) << " ("
    << j.value("sac", std::string(missing_text)) << " SAC)\n"
    << "units > 0.3       " << text_percent(number_of(j, "fraction_score_60_above_0.3")) << "\n"
    << "median spacing    " << text_number(number_of(j, "median_grid_spacing_m"), "m", 6)
    << " (predicted " << text_number(number_of(j, "predicted_grid_spacing_m"), "m", 6) << ")\n"
    << "observed pattern  " << j.at("observed_pattern").get<std::string>() << "\n"
    << "files             " << out << "\n";
  return s.str();
}

std::string loss_text(const nlohmann::ordered_json& j,
                      const std::optional<std::string>& gradients) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "loss               %.9g\ndecoding_error_cm  %.6g\n",
                j.at("loss").get<double>(), j.at("decoding_error_cm").get<double>());
  std::string out = buf;
  if (gradients) out += "gradients          " + *gradients + "\n";
  return out;
}

} // namespace gridtheory
